from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Assignment, BankVersion, Campaign

# Answers are deliberately not in the admin: reading one person's answers needs a role
# that allows it and leaves an audit record (docs/architecture.md, "People and
# privacy"); the admin gives neither.


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "bank_version", "status", "opens_at", "closes_at",
                    "assignment_count", "submitted_count"]
    list_filter = ["status"]
    search_fields = ["name", "name_zh"]
    list_select_related = ["bank_version__bank"]
    readonly_fields = ["launched_at", "created_by", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def get_readonly_fields(self, request, obj=None):
        # Answers name items of the campaign's bank version: once anybody is assigned,
        # moving the campaign to another version would change what they answered.
        if obj is not None and obj.assignments.exists():
            return [*self.readonly_fields, "bank_version"]
        return self.readonly_fields

    @admin.display(description=_("assignments"), ordering="n_assignments")
    def assignment_count(self, campaign):
        return campaign.n_assignments

    @admin.display(description=_("submitted"), ordering="n_submitted")
    def submitted_count(self, campaign):
        return campaign.n_submitted

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "bank_version":
            kwargs["queryset"] = (BankVersion.objects.exclude(status=BankVersion.Status.DRAFT)
                                  .select_related("bank"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """HR assigns people (a campaign and an employee, when adding). Who, which campaign,
    the status and the times are never edited here: progress is the employee's to make,
    and moving a submission would hand its answers and result to someone else. A
    submitted assignment is not deleted here either (its answers and results go with it).
    """

    list_display = ["employee", "campaign", "status", "started_at", "submitted_at"]
    list_filter = ["status", "campaign"]
    search_fields = ["employee__employee_id", "employee__name"]
    list_select_related = ["employee", "campaign"]
    raw_id_fields = ["employee"]
    # Counting every row of a 100,000-person campaign on each page is not worth it.
    show_full_result_count = False

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["campaign", "employee"]
        return ["campaign", "employee", "status", "started_at", "submitted_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_submitted:
            return False
        return super().has_delete_permission(request, obj)
