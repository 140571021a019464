from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import accounts
from .models import Department, DepartmentTarget, Employee, Position, User

admin.site.register(User, UserAdmin)

# django-allauth's tables that nobody edits here: the OpenID client comes from settings,
# tokens are not stored, email addresses are the employees' (docs/identity.md). Linked
# identities and second factors stay (a superuser resets a lost phone).
for _model in (EmailAddress, SocialApp, SocialToken):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class OrgAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        # Permissions come from rules (talent/rules.py), which answers has_perm but not
        # has_module_perms: show the app to whoever may view one of its models.
        return self.has_view_or_change_permission(request)


@admin.register(Department)
class DepartmentAdmin(OrgAdmin):
    list_display = ["code", "name", "name_zh", "parent", "head", "employee_count"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name", "name_zh", "head__name"]
    autocomplete_fields = ["parent", "head"]
    list_select_related = ["parent", "head"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(employee_count=Count("employees"))

    @admin.display(description=_("employees"), ordering="employee_count")
    def employee_count(self, department):
        return department.employee_count


@admin.register(Position)
class PositionAdmin(OrgAdmin):
    list_display = ["code", "title", "title_zh", "department", "function", "need_execution",
                    "need_compression"]
    list_filter = ["function", "need_execution", "need_compression",
                   ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "title", "title_zh", "department__code", "department__name"]
    autocomplete_fields = ["department"]
    list_select_related = ["department"]


@admin.register(Employee)
class EmployeeAdmin(OrgAdmin):
    change_list_template = "talent/org/admin_employee_change_list.html"
    list_display = ["employee_id", "name", "email", "department", "position", "manager",
                    "active", "hire_date"]
    list_filter = ["active", "position__function", ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["employee_id", "name", "email", "department__code", "department__name"]
    autocomplete_fields = ["department", "position", "manager", "user"]
    list_select_related = ["department", "position", "manager"]
    date_hierarchy = "hire_date"
    # Saving the form with "active" unticked goes through Employee.save, which takes the
    # login along (talent/accounts.py); these do the same for many people at once.
    actions = ["deactivate", "reactivate"]

    @admin.action(description=_("Mark as left: deactivate their logins and end their sessions"),
                  permissions=["change"])
    def deactivate(self, request, queryset):
        count = accounts.set_employees_active(queryset.values_list("pk", flat=True), False,
                                              actor=request.user)
        self.message_user(request, ngettext(
            "%(count)s employee deactivated; their sessions have ended.",
            "%(count)s employees deactivated; their sessions have ended.", count)
            % {"count": count})

    @admin.action(description=_("Reactivate: their logins work again"), permissions=["change"])
    def reactivate(self, request, queryset):
        count = accounts.set_employees_active(queryset.values_list("pk", flat=True), True,
                                              actor=request.user)
        self.message_user(request, ngettext("%(count)s employee reactivated.",
                                            "%(count)s employees reactivated.", count)
                          % {"count": count})


@admin.register(DepartmentTarget)
class DepartmentTargetAdmin(OrgAdmin):
    list_display = ["department", "min_execution", "min_compression"]
    search_fields = ["department__code", "department__name"]
    autocomplete_fields = ["department"]
    list_select_related = ["department"]
