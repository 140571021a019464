from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Department, Employee, Position, User

admin.site.register(User, UserAdmin)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "head"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "head"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "department", "function", "need_execution", "need_compression"]
    list_filter = ["function", "need_execution", "need_compression"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["department"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["employee_id", "name", "department", "position", "active"]
    list_filter = ["active", "department"]
    search_fields = ["employee_id", "name", "email"]
    autocomplete_fields = ["department", "position", "manager", "user"]
    list_select_related = ["department", "position"]
