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
    list_display = ["assignment", "role_family", "probability_execution", "validity",
                    "spec_short", "computed_at"]
    list_filter = ["validity", "role_family"]
    list_select_related = ["assignment__campaign", "assignment__employee", "spec"]
    search_fields = ["assignment__employee__employee_id"]
    show_full_result_count = False

    @admin.display(description=_("spec"))
    def spec_short(self, obj):
        return obj.spec.hash[:10]
