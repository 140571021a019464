"""HR's campaign forms. Validation that must hold on every write path lives in the
service (services/campaigns.py) and the models; these only parse the request."""

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from talent.languages import pick_name
from talent.models import Department, Position

from .models import AccessRecord, Assignment, BankVersion, Campaign, Result, ReviewDecision
from .models.campaigns import DEFAULT_NOTICE_VERSION
from .reports.labels import questionnaire_in_words

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def _in_the_site_zone():
    return _("In the site's time zone (%(zone)s).") % {"zone": settings.TIME_ZONE}


def _datetime_field(label):
    return forms.DateTimeField(
        label=label, required=False, input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        # Lazy as a whole: `%` on a lazy string translates it at once, when this module is
        # imported, so the help stayed in the default language on the Chinese page.
        help_text=lazy(_in_the_site_zone, str)(),
    )


class FastSelect(forms.Select):
    """A select whose options are joined in Python. Django renders each option through
    its own template; for the 1,000 departments of a large organisation that was most of
    the people page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        value = "" if value is None else str(value)
        # Escaped here, each value and label once (format_html per option was slower).
        options = "".join(
            f'<option value="{escape(option)}"{" selected" if str(option) == value else ""}>'
            f"{escape(label)}</option>" for option, label in self.choices)
        return mark_safe(f"<select{flatatt(attrs)}>{options}</select>")  # noqa: S308


def _select():
    return FastSelect(attrs={"class": "form-select"})


class _PlainChoices(forms.models.ModelChoiceIterator):
    """The options as (primary key, label) pairs from one `values_list`: no model
    instance per option, which for 1,000 departments was the rest of that time."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label_of = self.field.label_of
        for pk, *values in self.queryset.values_list("pk", *self.field.label_fields):
            yield (pk, label_of(*values))


class PlainModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are labelled from columns (`label_of` called with
    the `label_fields`, written to match the model's __str__) rather than from instances.
    Options are listed when the form is rendered, so in the page's language."""

    iterator = _PlainChoices

    def __init__(self, queryset, *, label_fields, label_of=str, **kwargs):
        self.label_fields, self.label_of = label_fields, label_of
        super().__init__(queryset, **kwargs)


def _department_label(name, name_zh, code):
    return f"{pick_name(name, name_zh)} ({code})"


def department_filter():
    """The department of a filter: where people were at launch, with sub-departments."""
    return PlainModelChoiceField(
        Department.objects.all(), label_fields=("name", "name_zh", "code"),
        label_of=_department_label,
        label=_("Department"), required=False, empty_label=_("Any department"),
        help_text=_("Where people were at launch, with the sub-departments."),
        widget=_select(),
    )


class AudienceForm(forms.Form):
    audience_all = forms.BooleanField(label=_("All active employees"), required=False)
    departments = forms.ModelMultipleChoiceField(
        Department.objects.all(), label=_("Departments"), required=False,
        help_text=_("Each with all its sub-departments."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    positions = forms.ModelMultipleChoiceField(
        Position.objects.all(), label=_("Positions"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class QuestionnaireChoiceField(forms.ModelChoiceField):
    """Published bank versions named as people read them ("Core work-style inventory,
    version 2"), in the page's language."""

    def label_from_instance(self, obj):
        return questionnaire_in_words(obj)


class CampaignForm(AudienceForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_zh = forms.CharField(
        label=_("Name in Chinese"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"lang": "zh-Hans"}),
        help_text=_("Optional. The Chinese pages and emails show it; without it they show "
                    "the name above."),
    )
    bank_version = QuestionnaireChoiceField(
        BankVersion.objects.filter(status=BankVersion.Status.PUBLISHED)
        .select_related("bank").order_by("bank__code", "-number"),
        label=_("Questionnaire"), empty_label=_("Choose a published version"),
        help_text=_("Only published versions can carry a campaign."),
        error_messages={"invalid_choice": _(
            "Choose a published bank version: drafts and retired versions cannot carry a "
            "new campaign.")},
    )
    opens_at = _datetime_field(_("Opens at"))
    closes_at = _datetime_field(_("Closes at"))
    notice_version = forms.CharField(
        label=_("Notice version"), max_length=32, initial=DEFAULT_NOTICE_VERSION,
        help_text=_("The version of the privacy notice people acknowledge before answering."),
    )

    field_order = ["name", "name_zh", "bank_version", "audience_all", "departments", "positions",
                   "opens_at", "closes_at", "notice_version"]


class AssignmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Any status")), *Assignment.Status.choices],
    )
    department = department_filter()


class ContestForm(forms.Form):
    """The person's objection to their released result (services/contests.py checks it
    again, with the result's state)."""

    comment = forms.CharField(
        label=_("What do you disagree with, and why?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("HR reads this and reviews your result again. At most 2,000 characters."),
        error_messages={
            "required": _("Please tell HR what you disagree with; a contest needs a comment."),
        },
    )

    def clean_comment(self):
        from .services.contests import comment_problems

        comment = self.cleaned_data["comment"]
        problems = comment_problems(comment)
        if problems:
            raise forms.ValidationError(problems)
        return comment
class ErasureForm(forms.Form):
    """HR erases a person who has left (services/erasure.py checks everything else): a
    reason, and the person's employee id typed again as the second confirmation."""

    reason = forms.CharField(
        label=_("Reason for the erasure"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: “the person's request of 3 March”. Kept in the "
                    "erasure record; do not write the person's name here."),
        error_messages={"required": _("Give the reason for the erasure (for example the "
                                      "person's request and its date); it is kept in the "
                                      "erasure record.")},
    )
    confirm = forms.CharField(
        label=_("Type the person's employee id to confirm"),
        max_length=64,
        error_messages={"required": _("Type the person's employee id to confirm.")},
    )

    def __init__(self, *args, employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee

    def clean_confirm(self):
        typed = self.cleaned_data["confirm"].strip()
        if typed != self.employee.employee_id:
            raise forms.ValidationError(_("That is not this person's employee id (%(id)s): "
                                          "nothing was erased.")
                                        % {"id": self.employee.employee_id})
        return typed


# --- HR's review of results (views/reviews.py) -------------------------------------------

# Probability-of-execution bands for the review queue: (key, label, low, high); the last
# band includes 1.
PROBABILITY_BANDS = [
    ("0-20", _("Below 0.2"), 0.0, 0.2),
    ("20-40", _("0.2 to 0.4"), 0.2, 0.4),
    ("40-60", _("0.4 to 0.6"), 0.4, 0.6),
    ("60-80", _("0.6 to 0.8"), 0.6, 0.8),
    ("80-100", _("0.8 and above"), 0.8, 1.0),
]
AWAITING_REVIEW = "awaiting"


class ReviewFilterForm(forms.Form):
    """The review queue's filter (every field optional; state defaults to awaiting)."""

    campaign = forms.ModelChoiceField(
        Campaign.objects.all(), label=_("Campaign"), required=False,
        empty_label=_("Any campaign"), widget=forms.Select(attrs={"class": "form-select"}),
    )
    department = department_filter()
    state = forms.ChoiceField(
        label=_("Review state"), required=False,
        choices=[(AWAITING_REVIEW, _("Awaiting review (pending or contested)")),
                 *Result.ReviewState.choices, ("all", _("Any state"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    validity = forms.ChoiceField(
        label=_("Validity"), required=False,
        choices=[("", _("Any validity")), *Result.Validity.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    family = forms.ChoiceField(
        label=_("Scored family"), required=False,
        choices=[("", _("Any family")), *[(v or "none", label)
                                         for v, label in Result.RoleFamily.choices]],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    band = forms.ChoiceField(
        label=_("Probability of precise execution"), required=False,
        choices=[("", _("Any probability")), *[(k, label) for k, label, *_r in PROBABILITY_BANDS]],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def filters(self):
        """The cleaned filter for reports/reviews.review_queue (awaiting by default)."""
        data = self.cleaned_data
        return {"campaign": data.get("campaign"), "department": data.get("department"),
                "state": data.get("state") or AWAITING_REVIEW,
                "validity": data.get("validity") or "", "family": data.get("family") or "",
                "band": data.get("band") or ""}


class DecisionForm(forms.Form):
    """One reviewer's decision on one result, with the round their page showed."""

    decision = forms.ChoiceField(choices=[
        (ReviewDecision.Decision.CONFIRM, ReviewDecision.Decision.CONFIRM.label),
        (ReviewDecision.Decision.OVERRIDE, ReviewDecision.Decision.OVERRIDE.label),
        (ReviewDecision.Decision.WITHHOLD, ReviewDecision.Decision.WITHHOLD.label),
    ])
    review_round = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # Checked by the service (so every write path refuses the same things).
    family = forms.CharField(label=_("Family to release"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class BulkConfirmForm(ReviewFilterForm):
    """The queue filter the preview showed, and the fingerprint of what it listed."""

    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)


class PeopleFilterForm(forms.Form):
    """The people table's filter and sort. A value that cannot be read is a form error
    (the page says so with a 400 and shows no rows), never a guess."""

    campaign = forms.ModelChoiceField(
        Campaign.objects.order_by("-created_at"), label=_("Campaign"), required=False,
        empty_label=_("Any campaign"), widget=_select(),
    )
    department = department_filter()
    position = PlainModelChoiceField(
        Position.objects.all(), label_fields=("title", "title_zh"), label_of=pick_name,
        label=_("Position"),
        required=False, empty_label=_("Any position"), widget=_select(),
    )
    family = forms.ChoiceField(
        label=_("Scored family"), required=False,
        choices=[("", _("Any family")),
                 *[(v or "none", label) for v, label in Result.RoleFamily.choices]],
        widget=_select(),
    )
    validity = forms.ChoiceField(
        label=_("Validity"), required=False,
        choices=[("", _("Any validity")), *Result.Validity.choices],
        widget=_select(),
    )
    p_min = forms.FloatField(
        label=_("Probability of execution from"), required=False, min_value=0, max_value=1,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.05"}),
    )
    p_max = forms.FloatField(
        label=_("to"), required=False, min_value=0, max_value=1,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.05"}),
    )
    review_state = forms.ChoiceField(
        label=_("Review state"), required=False,
        choices=[("", _("Any review state")), *Result.ReviewState.choices],
        widget=_select(),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[], widget=forms.HiddenInput,
    )

    def __init__(self, *args, sorts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort"].choices = [("", "")] + [
            (f"{prefix}{key}", key) for key in sorts for prefix in ("", "-")]

    def clean(self):
        data = super().clean()
        low, high = data.get("p_min"), data.get("p_max")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(
                _("The probability range is empty: “from” is above “to”."))
        return data

    def filters(self):
        """The report's keyword arguments (call after is_valid())."""
        data = self.cleaned_data
        family = data.get("family")
        sort = data.get("sort") or "name"
        return {
            "campaign": data.get("campaign"), "department": data.get("department"),
            "position": data.get("position"),
            "family": None if not family else ("" if family == "none" else family),
            "validity": data.get("validity") or None, "p_min": data.get("p_min"),
            "p_max": data.get("p_max"), "review_state": data.get("review_state") or None,
            "sort": sort.lstrip("-"), "descending": sort.startswith("-"),
        }

    def describe(self):
        """The filter in words, for the access record of an export."""
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if name == "sort" or value in (None, ""):
                continue
            if isinstance(field, forms.ChoiceField) and not isinstance(
                    field, forms.ModelChoiceField):
                value = dict(field.choices).get(value, value)
            parts.append(f"{field.label}: {value}")
        return "; ".join(str(p) for p in parts) or str(_("everyone"))


class HaveNeedForm(forms.Form):
    campaign = forms.ModelChoiceField(
        Campaign.objects.order_by("-created_at"), label=_("Campaign"), required=False,
        empty_label=_("The newest with released results"),
        widget=_select(),
    )


class OutcomeImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of outcome ratings"),
        help_text=_("UTF-8 CSV with the columns employee_id, criterion, date, value. "
                    "Nothing is recorded until you confirm the preview."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
class AccessRecordFilterForm(forms.Form):
    """The access trail's filter; a value that cannot be read is a 400 with no rows."""

    actor = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    employee_id = forms.CharField(label=_("Whose (employee id)"), required=False,
                                  max_length=64)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("Any action")), *AccessRecord.Action.choices])
    since = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self):
        return {k: v for k, v in self.cleaned_data.items() if v}
