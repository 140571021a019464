# Admin for scoring specs, norm groups, runs and results. They are records of what was
# computed: the admin shows them (HR may view them) and nobody, not even a superuser,
# adds, edits or deletes one there. Retention purges them by policy, with an audit record.
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import NormGroup, Result, ScoringRun, ScoringSpec


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScoringSpec)
class ScoringSpecAdmin(ReadOnlyAdmin):
    list_display = ["version", "hash", "created_at"]
    search_fields = ["hash"]


@admin.register(NormGroup)
class NormGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "number", "bank_version", "n", "provisional", "created_at"]
    list_filter = ["provisional"]
    list_select_related = ["bank_version__bank"]


@admin.register(ScoringRun)
class ScoringRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "campaign", "scope", "status", "total", "done", "failed",
                    "started_at", "finished_at"]
    list_filter = ["status", "scope"]
    list_select_related = ["campaign"]


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    """Superusers only, for support: HR reads results on the review page. The list shows
    no family or score; opening one result is an access record, as on every page."""

    list_display = ["assignment", "validity", "spec_short", "computed_at"]
    list_filter = ["validity"]
    list_select_related = ["assignment__campaign", "assignment__employee", "spec"]
    search_fields = ["assignment__employee__employee_id"]
    show_full_result_count = False

    @admin.display(description=_("spec"))
    def spec_short(self, obj):
        return obj.spec.hash[:10]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return request.user.is_superuser and super().has_module_permission(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from ..models import AccessRecord
        from ..services import access

        result = self.get_object(request, object_id)
        if result is not None and self.has_view_permission(request, result):
            access.record(request.user, result.assignment.employee,
                          AccessRecord.Action.VIEW_RESULT, detail=f"result {result.pk} (admin)")
        return super().change_view(request, object_id, form_url, extra_context)
