"""Who may do what: the one place where roles are decided.

Roles come from two sources: groups for the staff functions (HR, question-bank admin)
and the organisation for the rest (an employee record; heading a department makes one a
department manager). Views and the admin ask `user.has_perm(...)` with the permission
names registered in `talent/rules.py`; they never test groups themselves.
"""

import rules

HR_GROUP = "HR"
BANK_ADMIN_GROUP = "Bank admin"
# Reads the access trail (who read whose result); not HR, whose reads it records.
PRIVACY_GROUP = "Privacy officer"


@rules.predicate
def is_hr(user):
    return user.is_authenticated and _in_group(user, HR_GROUP)


@rules.predicate
def is_bank_admin(user):
    return user.is_authenticated and _in_group(user, BANK_ADMIN_GROUP)


@rules.predicate
def is_privacy_officer(user):
    return user.is_authenticated and _in_group(user, PRIVACY_GROUP)


@rules.predicate
def is_employee(user):
    return user.is_authenticated and employee_of(user) is not None


@rules.predicate
def is_department_manager(user):
    employee = employee_of(user)
    return employee is not None and employee.headed_departments.exists()


is_superuser = rules.is_superuser


def employee_of(user):
    if not user.is_authenticated:
        return None
    try:
        return user.employee
    except user._meta.model.employee.RelatedObjectDoesNotExist:
        return None


def _in_group(user, name):
    # Cache the group names on the user object: several predicates run per request.
    if not hasattr(user, "_group_names"):
        user._group_names = set(user.groups.values_list("name", flat=True))
    return name in user._group_names


def role_names(user):
    """The roles a user holds, in the order their home sections are shown."""
    checks = [
        ("superuser", is_superuser),
        ("hr", is_hr),
        ("bank_admin", is_bank_admin),
        ("manager", is_department_manager),
        ("employee", is_employee),
    ]
    return [name for name, check in checks if check(user)]


# The staff roles as permissions see them: a superuser holds every staff role.
is_hr_staff = is_hr | is_superuser
is_bank_staff = is_bank_admin | is_superuser
