"""The organisation, read: departments, positions, employees (HR's view of it)."""

import django_filters
from rest_framework import generics

from talent.models import Department, Employee, Position

from ..models import Scope
from ..serializers import DepartmentSerializer, EmployeeSerializer, PositionSerializer
from .base import ApiViewMixin, cursor_by


class DepartmentFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code")

    class Meta:
        model = Department
        fields = ["code", "parent"]


class DepartmentList(ApiViewMixin, generics.ListAPIView):
    required_scopes = {"GET": Scope.ORG_READ}
    required_perms = {"GET": "talent.view_department"}
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilter
    pagination_class = cursor_by("code")
    queryset = Department.objects.select_related("parent", "head")


class PositionFilter(django_filters.FilterSet):
    department = django_filters.CharFilter(field_name="department__code")

    class Meta:
        model = Position
        fields = ["code", "department", "function"]


class PositionList(ApiViewMixin, generics.ListAPIView):
    required_scopes = {"GET": Scope.ORG_READ}
    required_perms = {"GET": "talent.view_position"}
    serializer_class = PositionSerializer
    filterset_class = PositionFilter
    pagination_class = cursor_by("code")
    queryset = Position.objects.select_related("department")


class EmployeeFilter(django_filters.FilterSet):
    department = django_filters.CharFilter(field_name="department__code")
    position = django_filters.CharFilter(field_name="position__code")

    class Meta:
        model = Employee
        fields = ["department", "position", "active", "email"]


class EmployeeList(ApiViewMixin, generics.ListAPIView):
    required_scopes = {"GET": Scope.ORG_READ}
    required_perms = {"GET": "talent.view_employee"}
    serializer_class = EmployeeSerializer
    filterset_class = EmployeeFilter
    pagination_class = cursor_by("employee_id")
    queryset = Employee.objects.select_related("department", "position", "manager")


class EmployeeDetail(ApiViewMixin, generics.RetrieveAPIView):
    required_scopes = {"GET": Scope.ORG_READ}
    required_perms = {"GET": "talent.view_employee"}
    serializer_class = EmployeeSerializer
    lookup_field = "employee_id"
    queryset = Employee.objects.select_related("department", "position", "manager")
