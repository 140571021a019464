"""Authoring question banks in the admin.

Bank admins edit drafts (scales, items and twin pairs inline on the version), see the
publish checks before publishing, and publish or copy a version with one button. HR
holds only the view permissions, so Django shows them the same pages read-only. A
published version is read-only for everybody: the model layer refuses the write anyway,
the admin just does not offer it.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from .. import banks
from ..models import BankVersion, Item, QuestionBank, Scale, TwinPair

# --- Per-language form fields for the JSON texts --------------------------------------


def language_field_name(name, code):
    return f"{name}_{code.replace('-', '_')}"


class TranslatedForm(forms.ModelForm):
    """Edits each language-keyed JSON field as one form field per language.

    `translated` maps a model field to "text" (one string per language) or "lines" (a
    list per language, one entry per line, for answer labels).
    """

    translated: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in self.translated.items():
            stored = getattr(self.instance, name) or {}
            for code, _label in settings.LANGUAGES:
                value = stored.get(code, "") if isinstance(stored, dict) else ""
                if kind == "lines" and isinstance(value, list):
                    value = "\n".join(value)
                self.initial.setdefault(language_field_name(name, code), value)

    def clean(self):
        cleaned = super().clean()
        for name, kind in self.translated.items():
            combined = {}
            for code, _label in settings.LANGUAGES:
                value = (cleaned.get(language_field_name(name, code)) or "").strip()
                if kind == "lines":
                    value = [line.strip() for line in value.splitlines() if line.strip()]
                if value:
                    combined[code] = value
            setattr(self.instance, name, combined)
        return cleaned

    def add_error(self, field, error):
        # The model's clean() names the JSON field, which this form shows per language.
        if field is None and hasattr(error, "error_dict"):
            moved = [error.error_dict.pop(name) for name in list(error.error_dict)
                     if name in self.translated]
            for messages_ in moved:
                super().add_error(None, messages_)
            if not error.error_dict:
                return
        super().add_error(field, error)


def language_label(model, name, language):
    return format_lazy("{} ({})", capfirst(model._meta.get_field(name).verbose_name), language)


def translated_form(model, translated, *, rows=2):
    """A TranslatedForm class for `model` with one declared field per language."""
    attrs = {"translated": translated}
    for name, kind in translated.items():
        for code, language in settings.LANGUAGES:
            attrs[language_field_name(name, code)] = forms.CharField(
                label=language_label(model, name, language), required=False,
                widget=forms.Textarea(attrs={"rows": rows if kind == "text" else 5,
                                             "cols": 40, "lang": code}),
                help_text=gettext_lazy("One label per line, lowest answer first.")
                if kind == "lines" else "",
            )
    attrs["Meta"] = type("Meta", (), {"model": model, "exclude": list(translated)})
    return type(f"{model.__name__}TranslatedForm", (TranslatedForm,), attrs)


def translated(model, fields_, *, rows=2):
    """Class decorator for a (model or inline) admin editing language-keyed JSON fields.

    Adds the per-language form, and a display method per language with the same name, so
    that read-only views (HR, published versions) show the texts too.
    """

    def display(name, code, language, kind):
        @admin.display(description=language_label(model, name, language))
        def show(self, obj):
            value = (getattr(obj, name) or {}).get(code, "")
            return " / ".join(value) if kind == "lines" and isinstance(value, list) else value

        return show

    def decorate(cls):
        cls.form = translated_form(model, fields_, rows=rows)
        for name, kind in fields_.items():
            for code, language in settings.LANGUAGES:
                setattr(cls, language_field_name(name, code), display(name, code, language, kind))
        return cls

    return decorate


def translated_fields(name):
    return [language_field_name(name, code) for code, _label in settings.LANGUAGES]


# --- Shared permission rules ----------------------------------------------------------


class BankAdminMixin:
    """Module access by the rules permission (HR and bank admins), not Django's tables."""

    def has_module_permission(self, request):
        return request.user.has_perm("assessments.view_questionbank")


class BankFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Bank file (JSON)"))
    publish = forms.BooleanField(
        label=gettext_lazy("Publish it (refused, writing nothing, if a check fails)"),
        required=False,
    )


def is_locked(version):
    return version is not None and not version.is_draft


class VersionContentInline(admin.TabularInline):
    """Inline rows of a version: editable while it is a draft, read-only afterwards."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_delete_permission(request, obj)


class VersionScopedFormSet(BaseInlineFormSet):
    """Offers only the scales and items of the version being edited.

    The menus are read once per formset, not once per row: a draft has dozens of rows.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        cache = self.__dict__.setdefault("_menus", {})
        for name, model in (("scale", Scale), ("item_a", Item), ("item_b", Item)):
            if name in form.fields:
                field = form.fields[name]
                field.queryset = model.objects.filter(version=self.instance.pk)
                if model not in cache:
                    cache[model] = list(field.choices)
                field.choices = cache[model]


# --- Question banks -------------------------------------------------------------------


class VersionLinkInline(admin.TabularInline):
    model = BankVersion
    fields = ["number", "status", "published_at", "changelog"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(QuestionBank)
@translated(QuestionBank, {"name": "text", "description": "text"}, rows=3)
class QuestionBankAdmin(BankAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "english_name", "chinese_name", "created_at"]
    search_fields = ["code"]
    inlines = [VersionLinkInline]

    def get_fields(self, request, obj=None):
        return ["code", *translated_fields("name"), *translated_fields("description")]

    @admin.display(description=gettext_lazy("name (English)"))
    def english_name(self, obj):
        return obj.name_in("en")

    @admin.display(description=gettext_lazy("name (Chinese)"))
    def chinese_name(self, obj):
        return obj.name_in("zh-hans")


# --- Bank versions --------------------------------------------------------------------


@translated(Scale, {"name": "text", "description": "text"})
class ScaleInline(VersionContentInline):
    model = Scale
    fields = ["code", "role", *translated_fields("name"), *translated_fields("description")]


@translated(Item, {"text": "text"})
class ItemInline(VersionContentInline):
    model = Item
    formset = VersionScopedFormSet
    fields = ["order", "code", "scale", *translated_fields("text"), "reverse", "min_value",
              "max_value"]
    ordering = ["order", "pk"]
    show_change_link = True  # answer labels are edited on the item's own page


class TwinPairInline(VersionContentInline):
    model = TwinPair
    formset = VersionScopedFormSet
    fields = ["item_a", "item_b", "relation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item_a", "item_b")


@admin.register(BankVersion)
class BankVersionAdmin(BankAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "bank", "number", "status", "published_at", "published_by"]
    list_filter = ["status", "bank"]
    list_select_related = ["bank", "published_by"]
    readonly_fields = ["status", "based_on", "published_at", "published_by", "publish_checks"]
    inlines = [ScaleInline, ItemInline, TwinPairInline]
    actions = ["publish_selected", "start_drafts", "retire_selected"]
    change_form_template = "assessments/banks/admin/version_change_form.html"
    change_list_template = "assessments/banks/admin/version_change_list.html"
    object_history_template = "assessments/banks/admin/version_history.html"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["bank", "number", "changelog"]
        return ["bank", "number", "status", "changelog", "based_on", "published_at",
                "published_by", "publish_checks"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["bank", "number", *self.readonly_fields]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        bank = QuestionBank.objects.filter(pk=initial.get("bank")).first()
        if bank is not None:
            initial.setdefault("number", bank.next_version_number())
        return initial

    def has_change_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm("assessments.publish_bank")

    def revert_disabled(self, request, obj=None):
        return is_locked(obj) or super().revert_disabled(request, obj)

    @admin.display(description=gettext_lazy("Publish checks"))
    def publish_checks(self, obj):
        if not obj.is_draft:
            return _("Published %(date)s by %(user)s.") % {
                "date": obj.published_at.strftime("%Y-%m-%d %H:%M") if obj.published_at else "",
                "user": obj.published_by or _("the system"),
            }
        problems = obj.publish_problems()
        if not problems:
            return format_html('<p class="publish-ready">{}</p>',
                               _("Ready to publish: every check passes."))
        return format_html(
            '<p>{}</p><ul class="publish-problems">{}</ul>',
            _("%(count)d problem(s) to fix before publishing:") % {"count": len(problems)},
            format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
        )

    # Buttons on the change page -------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import-json/", wrap(self.import_json_view),
                 name="assessments_bankversion_import_json"),
            path("<path:object_id>/publish/", wrap(self.publish_view),
                 name="assessments_bankversion_publish"),
            path("<path:object_id>/new-draft/", wrap(self.new_draft_view),
                 name="assessments_bankversion_new_draft"),
            path("<path:object_id>/retire/", wrap(self.retire_view),
                 name="assessments_bankversion_retire"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}),
                         "can_import": self.has_add_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_json_view(self, request):
        """Upload a bank file (DESIGN.md format): the same checks as `import_bank`."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = BankFileForm(request.POST, request.FILES) if posted else BankFileForm()
        problems = []
        if posted and form.is_valid():
            try:
                version = banks.import_bank(
                    banks.read_bank_file(form.cleaned_data["file"]),
                    publish_it=form.cleaned_data["publish"], user=request.user,
                )
            except banks.BankFileError as exc:
                problems = exc.problems
            else:
                self.message_user(request, _("%(version)s imported (%(status)s).") % {
                    "version": version, "status": version.get_status_display()},
                    messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(version))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "form": form, "problems": problems,
            "title": _("Import a question bank from JSON"),
            "max_kb": banks.MAX_FILE_BYTES // 1024,
        }
        return TemplateResponse(request, "assessments/banks/admin/import_json.html", context,
                                status=400 if problems or form.errors else 200)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_publish": self.has_publish_permission(request),
            "can_start_draft": self.has_add_permission(request),
            "preview_languages": settings.LANGUAGES,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _button_target(self, request, object_id, allowed):
        if request.method != "POST":
            return None, HttpResponseNotAllowed(["POST"])
        if not allowed:
            raise PermissionDenied
        return get_object_or_404(BankVersion, pk=object_id), None

    def _change_url(self, version):
        return reverse("admin:assessments_bankversion_change", args=[version.pk])

    def publish_view(self, request, object_id):
        version, refusal = self._button_target(
            request, object_id, self.has_publish_permission(request))
        if refusal:
            return refusal
        self._publish(request, version)
        return HttpResponseRedirect(self._change_url(version))

    def new_draft_view(self, request, object_id):
        version, refusal = self._button_target(
            request, object_id, self.has_add_permission(request))
        if refusal:
            return refusal
        draft = banks.start_draft_from(version, user=request.user)
        self.message_user(request, _("%(draft)s created from %(version)s.")
                          % {"draft": draft, "version": version}, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(draft))

    def retire_view(self, request, object_id):
        version, refusal = self._button_target(
            request, object_id, self.has_publish_permission(request))
        if refusal:
            return refusal
        self._retire(request, version)
        return HttpResponseRedirect(self._change_url(version))

    def _publish(self, request, version):
        try:
            banks.publish(version, request.user)
        except ValidationError as exc:
            self.message_user(
                request, _("%(version)s was not published: %(problems)s")
                % {"version": version, "problems": " ".join(exc.messages)}, messages.ERROR)
            return False
        self.message_user(request, _("%(version)s is published.") % {"version": version},
                          messages.SUCCESS)
        return True

    def _retire(self, request, version):
        try:
            banks.retire(version)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return
        self.message_user(request, _("%(version)s is retired.") % {"version": version},
                          messages.SUCCESS)

    # Actions on the list ----------------------------------------------------------------

    @admin.action(description=gettext_lazy("Publish the selected drafts"),
                  permissions=["publish"])
    def publish_selected(self, request, queryset):
        for version in queryset:
            self._publish(request, version)

    @admin.action(description=gettext_lazy("New draft from each selected version"),
                  permissions=["add"])
    def start_drafts(self, request, queryset):
        for version in queryset:
            draft = banks.start_draft_from(version, user=request.user)
            self.message_user(request, _("%(draft)s created from %(version)s.")
                              % {"draft": draft, "version": version}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Retire the selected published versions"),
                  permissions=["publish"])
    def retire_selected(self, request, queryset):
        for version in queryset:
            self._retire(request, version)

    # History: the version's own changes plus those of its scales, items and pairs ---------

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}),
                         "content_changes": content_changes(object_id)}
        return super().history_view(request, object_id, extra_context)


def content_changes(version_id, limit=300):
    """Who changed which scale, item or twin pair of a version, newest first."""
    kinds = {"+": _("added"), "~": _("changed"), "-": _("deleted")}
    skip = {"id", "version", "history_id", "history_date", "history_change_reason",
            "history_type", "history_user"}
    # Pairs are named by their items' codes, which history keeps even for deleted items.
    codes = dict(Item.history.filter(version_id=version_id).values_list("id", "code"))
    changes = []
    for model in (Scale, Item, TwinPair):
        records = (model.history.filter(version_id=version_id)
                   .select_related("history_user").order_by("id", "history_date"))
        previous = {}
        for record in records:
            before = previous.get(record.id)
            changed = []
            if before is not None and record.history_type == "~":
                changed = [f.verbose_name for f in model._meta.concrete_fields
                           if f.name not in skip
                           and getattr(record, f.attname) != getattr(before, f.attname)]
            previous[record.id] = record
            changes.append({
                "date": record.history_date, "user": record.history_user,
                "kind": model._meta.verbose_name,
                "object": getattr(record, "code", None) or "{} ~ {}".format(
                    codes.get(getattr(record, "item_a_id", None), "?"),
                    codes.get(getattr(record, "item_b_id", None), "?")),
                "action": kinds.get(record.history_type, record.history_type),
                "fields": ", ".join(str(name) for name in changed),
            })
    changes.sort(key=lambda change: change["date"], reverse=True)
    return changes[:limit]


# --- Items: spreadsheet import and export ---------------------------------------------

# A spreadsheet treats a cell starting with one of these as a formula (or, for tab and
# carriage return, as a way to smuggle one in); a leading apostrophe makes it text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(
        FORMULA_TRIGGERS
    ):
        return value[1:]
    return value


class DraftVersionWidget(widgets.ForeignKeyWidget):
    """A bank version written as CODE:NUMBER; only drafts accept imported items."""

    def __init__(self):
        super().__init__(BankVersion)

    def clean(self, value, row=None, **kwargs):
        code, _sep, number = str(unescape_formula(value) or "").strip().partition(":")
        version = BankVersion.objects.filter(
            bank__code=code, number=int(number) if number.isdigit() else 0
        ).first()
        if version is None:
            raise ValueError(_("No bank version %(value)r; write it as CODE:NUMBER, e.g. "
                               "CORE:2.") % {"value": value})
        if not version.is_draft:
            raise ValueError(_("%(version)s is %(status)s; items can only be imported into "
                               "a draft.") % {"version": version, "status": version.status})
        return version

    def render(self, value, obj=None, **kwargs):
        return f"{value.bank.code}:{value.number}" if value else ""


class VersionScaleWidget(widgets.ForeignKeyWidget):
    """A scale named by its code within the row's version."""

    def __init__(self):
        super().__init__(Scale, field="code")

    def get_queryset(self, value, row, *args, **kwargs):
        code, _sep, number = str(unescape_formula(row.get("version")) or "").partition(":")
        return Scale.objects.filter(version__bank__code=code, version__number=number or 0)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(unescape_formula(value), row, **kwargs)
        except Scale.DoesNotExist as exc:
            raise ValueError(_("No scale %(code)r in this bank version.")
                             % {"code": value}) from exc


class LanguageField(fields.Field):
    """One language of a JSON text (or of the answer labels, joined by ' | ')."""

    def __init__(self, attribute, language, *, joined=False):
        super().__init__(attribute=attribute, column_name=f"{attribute}_{language}")
        self.language, self.joined = language, joined

    def export(self, instance, **kwargs):
        value = (getattr(instance, self.attribute) or {}).get(self.language, "")
        return " | ".join(value) if self.joined and isinstance(value, list) else value

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = str(unescape_formula(row.get(self.column_name)) or "").strip()
        texts = dict(getattr(instance, self.attribute) or {})
        if self.joined:
            value = [label.strip() for label in value.split("|") if label.strip()]
        if value:
            texts[self.language] = value
        else:
            texts.pop(self.language, None)
        setattr(instance, self.attribute, texts)


class ItemResource(resources.ModelResource):
    version = fields.Field(attribute="version", column_name="version",
                           widget=DraftVersionWidget())
    scale = fields.Field(attribute="scale", column_name="scale", widget=VersionScaleWidget())

    class Meta:
        model = Item
        fields = ["version", "code", "scale", "order", "reverse", "min_value", "max_value"]
        import_id_fields = ["version", "code"]
        skip_unchanged = True
        clean_model_instances = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for code, _label in settings.LANGUAGES:
            for name, joined in (("text", False), ("anchors", True)):
                field = LanguageField(name, code, joined=joined)
                self.fields[field.column_name] = field

    def get_export_order(self):
        return [*self._meta.fields, *(name for name in self.fields
                                      if name not in self._meta.fields)]

    def get_import_order(self):
        return self.get_export_order()

    def before_import_row(self, row, **kwargs):
        row["code"] = unescape_formula(row.get("code"))

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def get_queryset(self):
        return super().get_queryset().select_related("version__bank", "scale")


@admin.register(Item)
@translated(Item, {"text": "text", "anchors": "lines"}, rows=3)
class ItemAdmin(BankAdminMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ItemResource]
    # Whole banks travel as JSON (import_bank/export_bank); spreadsheets are for item text.
    import_formats = export_formats = [CSV, XLSX]
    list_display = ["code", "version", "scale", "english_text", "reverse", "order"]
    list_filter = ["version__status", "version__bank", "version", "reverse"]
    list_select_related = ["version__bank", "scale"]
    search_fields = ["code"]
    ordering = ["version", "order", "pk"]

    def get_fields(self, request, obj=None):
        return ["version", "scale", "code", "order", *translated_fields("text"), "reverse",
                "min_value", "max_value", *translated_fields("anchors")]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "scale" in form.base_fields:
            form.base_fields["scale"].queryset = Scale.objects.filter(version=obj.version_id)
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = BankVersion.objects.drafts().select_related("bank")
        if db_field.name == "scale":
            kwargs["queryset"] = Scale.objects.filter(
                version__status=BankVersion.Status.DRAFT).select_related("version__bank")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("text (English)"))
    def english_text(self, obj):
        return obj.text_in("en")

    def has_change_permission(self, request, obj=None):
        locked = obj is not None and is_locked(obj.version)
        return not locked and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        locked = obj is not None and is_locked(obj.version)
        return not locked and super().has_delete_permission(request, obj)

    def revert_disabled(self, request, obj=None):
        locked = obj is not None and is_locked(obj.version)
        return locked or super().revert_disabled(request, obj)

    def has_import_permission(self, request):
        return request.user.has_perm("assessments.change_item")

    def has_export_permission(self, request):
        return request.user.has_perm("assessments.view_item")
