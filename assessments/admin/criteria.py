# Admin for outcome criteria (models/outcomes.py): HR writes a criterion's definition and
# scale in a draft version and publishes it; a published version is read-only, as a
# published bank version is. Ratings themselves are imported (services/outcome_import.py)
# and are not shown here: individual outcomes are nobody's to browse.
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Criterion, CriterionVersion
from ..services.criteria import publish_criterion


class FirstVersionInline(admin.StackedInline):
    """A new criterion is written with its first draft version, whose definition the
    model requires: a name alone, with nothing saying what is rated, could never be
    rated (the import refuses it) and would only sit in every list."""

    model = CriterionVersion
    fields = ["definition", "scale_min", "scale_max", "scale_labels", "family",
              "placed_only"]
    extra = 1
    min_num = max_num = 1
    validate_min = True
    can_delete = False
    verbose_name = _("first version (a draft)")
    verbose_name_plural = _("first version (a draft)")


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "created_at"]
    search_fields = ["code"]

    def get_inlines(self, request, obj):
        # Only when adding: later versions are drafts of their own (CriterionVersion).
        return [FirstVersionInline] if obj is None else []

    def save_formset(self, request, form, formset, change):
        for version_form in formset.forms:
            if version_form.instance.number is None:
                version_form.instance.number = 1
        super().save_formset(request, form, formset, change)


@admin.register(CriterionVersion)
class CriterionVersionAdmin(admin.ModelAdmin):
    list_display = ["criterion", "number", "status", "scale_min", "scale_max", "family",
                    "placed_only", "published_at"]
    list_filter = ["status"]
    list_select_related = ["criterion"]
    readonly_fields = ["status", "published_at", "published_by"]
    actions = ["publish_selected"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != CriterionVersion.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != CriterionVersion.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Publish the selected drafts"),
                  permissions=["change"])
    def publish_selected(self, request, queryset):
        published = 0
        for version in queryset.filter(status=CriterionVersion.Status.DRAFT):
            try:
                publish_criterion(version, request.user)
                published += 1
            except ValidationError as error:
                self.message_user(request, f"{version}: {'; '.join(error.messages)}",
                                  messages.ERROR)
        if published:
            self.message_user(request, ngettext("%(n)d version published.",
                                                "%(n)d versions published.", published)
                              % {"n": published}, messages.SUCCESS)
