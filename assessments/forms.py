"""HR's campaign forms. Validation that must hold on every write path lives in the
service (services/campaigns.py) and the models; these only parse the request."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from talent.models import Department, Position

from .models import Assignment, BankVersion
from .models.campaigns import DEFAULT_NOTICE_VERSION

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def _datetime_field(label):
    return forms.DateTimeField(
        label=label, required=False, input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        help_text=_("In the site's time zone (%(zone)s).") % {"zone": settings.TIME_ZONE},
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


class CampaignForm(AudienceForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    bank_version = forms.ModelChoiceField(
        BankVersion.objects.filter(status=BankVersion.Status.PUBLISHED)
        .select_related("bank").order_by("bank__code", "-number"),
        label=_("Bank version"),
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

    field_order = ["name", "bank_version", "audience_all", "departments", "positions",
                   "opens_at", "closes_at", "notice_version"]


class AssignmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Any status")), *Assignment.Status.choices],
    )
    department = forms.ModelChoiceField(
        Department.objects.all(), label=_("Department"), required=False,
        empty_label=_("Any department"),
        help_text=_("Where people were at launch, with the sub-departments."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


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
