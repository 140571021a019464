"""Items as spreadsheets (CSV and XLSX), through django-import-export.

Bank admins write item texts in a spreadsheet and bring them back into a draft; whole
banks travel as JSON (see services/bank_files.py). Every exported text cell is
formula-escaped and every imported one unescaped (talent/csv_safety.py), so a text that
starts with "=" survives the round trip as text.
"""

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from talent.csv_safety import escape_formula, unescape_formula

from ..models import BankVersion, Item, Scale
from .banks import BankAdminMixin, is_locked
from .history import GuardedHistoryAdmin
from .translated import translated, translated_fields


class SpreadsheetCSV(CSV):
    """CSV as spreadsheets read it: declared UTF-8, and opened with a byte order mark,
    without which Excel reads the Chinese texts as mojibake. Importing drops the mark
    (the admin reads uploads as utf-8-sig)."""

    CONTENT_TYPE = "text/csv; charset=utf-8"

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


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
class ItemAdmin(BankAdminMixin, ImportExportModelAdmin, GuardedHistoryAdmin):
    resource_classes = [ItemResource]
    # Whole banks travel as JSON (import_bank/export_bank); spreadsheets are for item text.
    import_formats = [CSV, XLSX]
    export_formats = [SpreadsheetCSV, XLSX]
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

    def has_import_permission(self, request):
        return request.user.has_perm("assessments.change_item")

    def has_export_permission(self, request):
        return request.user.has_perm("assessments.view_item")
