"""The one owner of employees' logins: who gets one, and who loses it (docs/identity.md).

Every path that creates a login for an employee, or makes an employee active or
inactive (the org import, the admin, the API and SCIM), calls these functions, in the
caller's transaction:

- `provision_logins(employee_ids)`: a login with no usable password for each active
  employee who has an email and no login yet; the person sets a password from an
  invitation, or signs in with the organisation's SSO.
- `set_employees_active(employee_ids, active)`: a leaver's login is deactivated and all
  of their sessions end (the next request of an open tab lands on the login page); a
  returning employee's login works again.

The rule holds even if something bypasses these functions: `ActiveAccountMiddleware`
(talent/middleware.py) ends the session of a user whose login or employee record is
inactive, `AccountBackend` (talent/backends.py) refuses their sign-in, and the role
checks (talent/roles.py) give an inactive employee no role.
"""

import logging

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Lower

from . import stamps
from .models import Employee, User

logger = logging.getLogger(__name__)

USERNAME_MAX = User._meta.get_field("username").max_length
BATCH_SIZE = 1000


def login_name_for(email):
    """The username of a provisioned login: the work email, in lower case."""
    return email.strip().lower()


def provision_logins(employee_ids):
    """Create a login for each active employee with an email and no login; return them.

    The login's username and email are the employee's email (lower case), its password
    is unusable, and it is linked to the employee. An employee is skipped when another
    employee in the same call has the same email, or when a login with that username
    already exists (it belongs to someone: linking it would hand that account over);
    HR sees them as employees without a login. Safe to call again: employees who got a
    login are not touched.
    """
    created = []
    with transaction.atomic():
        for chunk in _chunks(employee_ids):
            created += _provision_chunk(chunk)
    return created


def _provision_chunk(employee_ids):
    candidates = list(
        Employee.objects.select_for_update()
        .filter(pk__in=employee_ids, active=True, user__isnull=True)
        .exclude(email="")
        .values_list("pk", "email", "name")
    )
    by_name = {}
    for pk, email, name in candidates:
        by_name.setdefault(login_name_for(email), []).append((pk, email, name))
    wanted = {
        username: people[0]
        for username, people in by_name.items()
        if len(people) == 1 and len(username) <= USERNAME_MAX
    }
    taken = {
        name.lower()
        for name in User.objects.annotate(lower=Lower("username"))
        .filter(lower__in=list(wanted)).values_list("username", flat=True)
    }
    for username in taken:
        logger.warning("No login provisioned for employee %s: the username %s is taken",
                       wanted[username][0], username)
    new_users = [
        User(username=username, email=username, first_name=name[:150],
             password=make_password(None), is_active=True)
        for username, (_pk, _email, name) in wanted.items()
        if username not in taken
    ]
    if not new_users:
        return []
    created = User.objects.bulk_create(new_users, batch_size=BATCH_SIZE)
    employee_pks = [wanted[user.username][0] for user in created]
    # One statement links each employee to the login named after their email.
    Employee.objects.filter(pk__in=employee_pks, user__isnull=True).update(
        user=Subquery(
            User.objects.filter(username=Lower(OuterRef("email"))).values("pk")[:1]
        )
    )
    return list(User.objects.filter(username__in=[user.username for user in created]))


def follow_email_changes(employee_ids):
    """Rename the provisioned logins of employees whose work email changed; return how
    many were renamed.

    A provisioned login is named after the email it was made for, and password resets
    go to the login's email: left alone, a person whose address changed (a new domain,
    a new name) would sign in with an address they no longer have and never receive a
    reset link. Only logins still named after their own email are renamed (a login an
    administrator named otherwise is theirs to manage), and never onto a username that
    another login already holds (logged; HR sees the old address on the Logins page)."""
    rows = list(
        Employee.objects.filter(pk__in=employee_ids, user__isnull=False).exclude(email="")
        .values_list("pk", "email", "user_id", "user__username", "user__email")
    )
    wanted = {}
    for pk, email, user_id, username, user_email in rows:
        new = login_name_for(email)
        if username == new or username != login_name_for(user_email or ""):
            continue
        if len(new) > USERNAME_MAX:
            continue
        wanted.setdefault(new, []).append((pk, user_id))
    taken = set(User.objects.annotate(lower=Lower("username"))
                .filter(lower__in=list(wanted)).values_list("lower", flat=True))
    renamed = 0
    for new, people in wanted.items():
        if len(people) > 1 or new in taken:
            logger.warning("Login of employee %s not renamed: the username %s is taken",
                           people[0][0], new)
            continue
        renamed += User.objects.filter(pk=people[0][1]).update(username=new, email=new)
    return renamed


def set_employees_active(employee_ids, active, *, actor=None):
    """Make these employees active or inactive, with their logins; return how many changed.

    Runs in the caller's transaction (or its own). Deactivating also ends every session
    of the login (`User.session_generation` is raised, see talent/models.py), so an open
    tab lands on the login page at its next request; a new password or SSO sign-in is
    refused while the login is inactive. Reactivating makes the login usable again (the
    old sessions stay ended). Employees already in the wanted state are left alone, but
    their logins are brought in line (a login deactivated by hand comes back with its
    employee).
    """
    changed = logins_changed = 0
    with transaction.atomic():
        for ids in _chunks(employee_ids):
            employees = Employee.objects.filter(pk__in=ids)
            changed += employees.exclude(active=active).update(active=active)
            logins = User.objects.filter(employee__in=employees)
            if active:
                logins_changed += logins.filter(is_active=False).update(is_active=True)
            else:
                logins_changed += logins.update(
                    is_active=False, session_generation=F("session_generation") + 1
                )
        if changed or logins_changed:
            logger.info("%s %s employee(s)%s", "Reactivated" if active else "Deactivated",
                        changed, f" (by {actor})" if actor is not None else "")
            # Managers' dashboards and HR's lists read who is active.
            stamps.bump(stamps.ORGANISATION)
    return changed


def deactivate_logins(user_ids):
    """Switch these logins off and end their sessions (an employee deleted outright)."""
    return User.objects.filter(pk__in=list(user_ids)).update(
        is_active=False, session_generation=F("session_generation") + 1
    )


def end_sessions(user_ids):
    """End every session of these logins (a change of role): the next request of an open
    tab lands on the login page, and signing in again sets the session up for the role
    now held (its idle limit)."""
    return User.objects.filter(pk__in=list(user_ids)).update(
        session_generation=F("session_generation") + 1)


def _chunks(ids):
    """The ids in lists short enough for one `IN (...)` on every database."""
    ids = list(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        yield ids[start:start + BATCH_SIZE]


def account_is_usable(user):
    """Whether this login may sign in or keep a session: it is active, and so is its
    employee record, if it has one."""
    if not user.is_active:
        return False
    try:
        employee = user.employee
    except Employee.DoesNotExist:
        return True
    return employee.active
