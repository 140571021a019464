"""Who read a person's result: the access records about them, as the person sees them
(models/reviews.AccessRecord). People are named with their role; their own reads and
downloads are left out."""

from django.db.models import Q
from django.utils.translation import gettext as _

from talent.roles import is_department_manager, is_hr

from ..models import AccessRecord

READS = (AccessRecord.Action.VIEW_RESULT, AccessRecord.Action.VIEW_PERSON,
         AccessRecord.Action.VIEW_LIST)
SHOWN = 100  # the most recent reads on the page and in the download


def role_of(user):
    if user.is_superuser:
        return _("Administrator")
    if is_hr(user):
        return _("HR")
    if is_department_manager(user):
        return _("Manager")
    return _("Staff")


def readers_of(employee, limit=SHOWN):
    """The latest reads of `employee`'s results by someone else: when, role, name."""
    ids = (AccessRecord.objects.filter(Q(employee=employee) | Q(people=employee),
                                       action__in=READS)
           .exclude(actor__employee=employee).values("pk"))
    records = (AccessRecord.objects.filter(pk__in=ids).select_related("actor")
               .order_by("-at", "-pk")[:limit])
    return [{"at": r.at, "role": role_of(r.actor),
             "name": r.actor.get_full_name() or r.actor.get_username(),
             "what": r.get_action_display()} for r in records]


def access_records(*, actor="", employee_id="", action="", since=None, until=None):
    """The trail, newest first, filtered: who (username), whose (employee id; a list page
    that showed the person counts), what, and a date range (inclusive)."""
    records = AccessRecord.objects.select_related("actor", "employee")
    if actor:
        records = records.filter(actor__username=actor)
    if employee_id:
        shown = AccessRecord.objects.filter(
            Q(employee__employee_id=employee_id) | Q(people__employee_id=employee_id))
        records = records.filter(pk__in=shown.values("pk"))
    if action:
        records = records.filter(action=action)
    if since:
        records = records.filter(at__date__gte=since)
    if until:
        records = records.filter(at__date__lte=until)
    return records.order_by("-at", "-pk")


def access_record_rows(records):
    """CSV rows of the trail (formula-safe), header first."""
    from talent.csv_safety import escape_formula

    yield ["at", "actor", "role", "action", "employee_id", "detail"]
    for r in records.iterator(chunk_size=2000):
        yield [escape_formula(str(cell)) for cell in (
            r.at.isoformat(), r.actor.get_username(), role_of(r.actor), r.action,
            r.employee.employee_id if r.employee_id else "", r.detail)]
