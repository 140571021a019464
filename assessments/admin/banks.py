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
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import BankVersion, Item, QuestionBank, Scale, TwinPair
from ..services import bank_files, banks
from .history import GuardedHistoryAdmin
from .translated import translated, translated_fields

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
class QuestionBankAdmin(BankAdminMixin, GuardedHistoryAdmin):
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
class BankVersionAdmin(BankAdminMixin, GuardedHistoryAdmin):
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

    @admin.display(description=gettext_lazy("Publish checks"))
    def publish_checks(self, obj):
        if not obj.is_draft:
            return _("Published %(date)s by %(user)s.") % {
                "date": (formats.date_format(timezone.localtime(obj.published_at),
                                             "DATETIME_FORMAT") if obj.published_at else ""),
                "user": obj.published_by or _("the system"),
            }
        problems = obj.publish_problems()
        if not problems:
            return format_html('<p class="publish-ready">{}</p>',
                               _("Ready to publish: every check passes."))
        return format_html(
            '<p>{}</p><ul class="publish-problems">{}</ul>',
            ngettext("%(count)d problem to fix before publishing:",
                     "%(count)d problems to fix before publishing:", len(problems))
            % {"count": len(problems)},
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
        """Upload a bank file (docs/bank-format.md): the same checks as `import_bank`."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = BankFileForm(request.POST, request.FILES) if posted else BankFileForm()
        problems = []
        if posted and form.is_valid():
            try:
                version = bank_files.import_bank(
                    bank_files.read_bank_file(form.cleaned_data["file"]),
                    publish_it=form.cleaned_data["publish"], user=request.user,
                )
            except bank_files.BankFileError as exc:
                problems = exc.problems
            except bank_files.BankFileUnchanged as unchanged:
                self.message_user(request, unchanged.message, messages.WARNING)
                if form.cleaned_data["publish"] and unchanged.version.is_draft:
                    self.message_user(request, _(
                        "Version %(number)d is a draft and was not published; publish it "
                        "from its page.") % {"number": unchanged.version.number},
                        messages.WARNING)
                return HttpResponseRedirect(self._change_url(unchanged.version))
            else:
                self.message_user(request, _("%(version)s imported (%(status)s).") % {
                    "version": version, "status": version.get_status_display()},
                    messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(version))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "form": form, "problems": problems,
            "title": _("Import a question bank from JSON"),
            "max_kb": bank_files.MAX_FILE_BYTES // 1024,
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
            published = banks.publish(version, request.user)
        except ValidationError as exc:
            self.message_user(
                request, _("%(version)s was not published: %(problems)s")
                % {"version": version, "problems": " ".join(exc.messages)}, messages.ERROR)
            return False
        self.message_user(request, _("%(version)s is published.") % {"version": version},
                          messages.SUCCESS)
        for warning in published.warnings:
            self.message_user(request, warning, messages.WARNING)
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
