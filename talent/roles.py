"""Who may do what: the one place where roles are decided.

Roles come from two sources: groups for the staff functions (HR, question-bank admin)
and the organisation for the rest (an employee record; heading a department makes one a
department manager). Views and the admin ask `user.has_perm(...)` with the permission
names registered in `talent/rules.py`; they never test groups themselves.

A login that is inactive, or whose employee record is inactive (a leaver), holds no role
at all, whatever its groups or superuser flag say (talent/accounts.py).
"""

import rules

HR_GROUP = "HR"
BANK_ADMIN_GROUP = "Bank admin"
# Reads the access trail (who read whose result); not HR, whose reads it records.
PRIVACY_GROUP = "Privacy officer"


@rules.predicate
def is_hr(user):
    return _in_good_standing(user) and _in_group(user, HR_GROUP)


@rules.predicate
def is_bank_admin(user):
    return _in_good_standing(user) and _in_group(user, BANK_ADMIN_GROUP)


@rules.predicate
def is_privacy_officer(user):
    return _in_good_standing(user) and _in_group(user, PRIVACY_GROUP)


@rules.predicate
def is_employee(user):
    return employee_of(user) is not None


@rules.predicate
def is_department_manager(user):
    employee = employee_of(user)
    return employee is not None and employee.headed_departments.exists()


@rules.predicate
def is_superuser(user):
    return _in_good_standing(user) and user.is_superuser


def employee_of(user):
    """The user's employee record, or None: none linked, or the employee left."""
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        employee = user.employee
    except user._meta.model.employee.RelatedObjectDoesNotExist:
        return None
    return employee if employee.active else None


def _in_good_standing(user):
    """Signed in, an active login, and not a leaver (no employee record is fine: an
    administrator or an outside HR consultant)."""
    if not user.is_authenticated or not user.is_active:
        return False
    try:
        return user.employee.active
    except user._meta.model.employee.RelatedObjectDoesNotExist:
        return True


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
