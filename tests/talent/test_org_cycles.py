"""A department cannot sit below itself, nor an employee report to themself, at any depth."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from talent.models import Department, Employee


def test_a_department_cannot_be_moved_below_its_own_sub_department(org):
    head_office = org["HQ"]
    head_office.parent = org["UW"]  # UW sits below HQ
    with pytest.raises(ValidationError, match="cannot sit below itself"):
        head_office.full_clean()


def test_a_department_can_move_elsewhere_in_the_tree(org):
    underwriting = org["UW"]
    underwriting.parent = org["INV"]
    underwriting.full_clean()


def test_a_manager_chain_cannot_loop(employee, other_employee, manager):
    boss, middle, report = (u.employee for u in (manager, other_employee, employee))
    middle.manager = boss
    middle.save()
    report.manager = middle
    report.save()
    boss.manager = report
    with pytest.raises(ValidationError, match="manager chain would loop"):
        boss.full_clean()


def test_the_database_refuses_an_employee_managing_themself(employee):
    from django.db import IntegrityError, transaction

    record = employee.employee
    with pytest.raises(IntegrityError), transaction.atomic():
        Employee.objects.filter(pk=record.pk).update(manager=record)


def test_hr_is_told_in_the_admin_when_a_move_would_loop(hr, org, client_for):
    head_office = org["HQ"]
    response = client_for(hr).post(
        reverse("admin:talent_department_change", args=[head_office.pk]),
        {"code": "HQ", "name": "Head office", "parent": org["UW"].pk, "head": ""},
    )
    assert response.status_code == 200
    assert "cannot sit below itself" in response.content.decode()
    assert Department.objects.get(pk=head_office.pk).parent is None
