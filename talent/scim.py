"""Users as an identity provider provisions them over SCIM 2.0 (RFC 7643/7644), mapped
onto employees; their logins and leaving go through talent/accounts.py like every other
path. The API's SCIM views (api/views/scim.py) parse the protocol; this module decides.

- userName is the person's name at the provider (usually the work email); an employee
  the HR sync created answers to their email until the provider writes them.
- externalId is the employee id (the provider's employee number); a new person without
  one gets a generated id.
- A new employee needs a department: the enterprise extension's `department` (a
  department code or name), else SCIM_DEFAULT_DEPARTMENT.
- `active: false` makes the employee a leaver at once (login off, sessions ended).
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from . import accounts, stamps
from .models import Department, Employee, ScimIdentity


class ScimConflict(Exception):
    """Another user already has this userName or externalId."""


@dataclass
class UserData:
    user_name: str
    external_id: str = ""
    name: str = ""
    email: str = ""
    active: bool = True
    department: str = ""  # a code or a name


def employees():
    return Employee.objects.select_related("scim")


def find_by_user_name(value):
    value = value.strip().lower()
    return employees().filter(
        Q(scim__user_name__iexact=value) | Q(scim__isnull=True, email__iexact=value)
    ).order_by("pk")


def find_by_external_id(value):
    return employees().filter(employee_id=value).order_by("pk")


def user_name_of(employee):
    scim = getattr(employee, "scim", None)
    return scim.user_name if scim is not None else employee.email


def _department(value):
    value = value or settings.SCIM_DEFAULT_DEPARTMENT
    department = (Department.objects.filter(code=value).first()
                  or Department.objects.filter(name=value).first()) if value else None
    if department is None:
        raise ValidationError({"department": _(
            "A new user needs a department: send the enterprise extension's department (a "
            "department code or name), or set SCIM_DEFAULT_DEPARTMENT.")})
    return department


def _check(data):
    problems = {}
    if not data.user_name.strip():
        problems["userName"] = _("userName is required.")
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError:
            problems["emails"] = _("Not a valid email address.")
    if len(data.name) > Employee._meta.get_field("name").max_length:
        problems["name"] = _("The name is too long.")
    if len(data.external_id) > Employee._meta.get_field("employee_id").max_length:
        problems["externalId"] = _("externalId is too long.")
    if problems:
        raise ValidationError(problems)


def _email_of(data):
    if data.email:
        return data.email
    try:
        validate_email(data.user_name)
    except ValidationError:
        return ""
    return data.user_name


def create_user(data):
    """A new employee (and their login, if they have an email)."""
    _check(data)
    department = _department(data.department)
    if find_by_user_name(data.user_name).exists() or (
            data.external_id and Employee.objects.filter(employee_id=data.external_id).exists()):
        raise ScimConflict(_("A user with this userName or externalId already exists."))
    try:
        with transaction.atomic():
            employee = Employee.objects.create(
                employee_id=data.external_id or f"scim-{uuid.uuid4().hex[:12]}",
                name=data.name or data.user_name, email=_email_of(data),
                department=department, active=data.active)
            ScimIdentity.objects.create(employee=employee, user_name=data.user_name.strip())
            accounts.provision_logins([employee.pk])
            stamps.bump(stamps.ORGANISATION)
    except IntegrityError:
        raise ScimConflict(_("A user with this userName or externalId already exists.")) \
            from None
    return employees().get(pk=employee.pk)


def replace_user(employee, data):
    """PUT: the provider's full view of the user (department kept when not sent)."""
    _check(data)
    department = _department(data.department) if data.department else employee.department
    taken = find_by_user_name(data.user_name).exclude(pk=employee.pk).exists() or (
        data.external_id and data.external_id != employee.employee_id
        and Employee.objects.filter(employee_id=data.external_id).exists())
    if taken:
        raise ScimConflict(_("Another user has this userName or externalId."))
    try:
        with transaction.atomic():
            Employee.objects.filter(pk=employee.pk).update(
                name=data.name or employee.name, email=_email_of(data) or employee.email,
                department=department,
                employee_id=data.external_id or employee.employee_id)
            ScimIdentity.objects.update_or_create(
                employee_id=employee.pk, defaults={"user_name": data.user_name.strip()})
            _set_active(employee, data.active)
            accounts.provision_logins([employee.pk])
            accounts.follow_email_changes([employee.pk])
            stamps.bump(stamps.ORGANISATION)
    except IntegrityError:
        raise ScimConflict(_("Another user has this userName or externalId.")) from None
    return employees().get(pk=employee.pk)


def set_active(employee, active):
    """PATCH active: a leaver is out at once; a returner's login works again."""
    with transaction.atomic():
        _set_active(employee, active)
        if active:
            accounts.provision_logins([employee.pk])
    return employees().get(pk=employee.pk)


def _set_active(employee, active):
    accounts.set_employees_active([employee.pk], active)


