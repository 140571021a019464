"""The audit trail of reads and downloads of personal data (models/reviews.AccessRecord).

A view that shows someone's result to HR, or hands a person their own data, calls
`record` before it answers, so a read that happened is always on record."""

from ..models import AccessRecord


def record(actor, employee, action, detail=""):
    """Append who read or downloaded whose data, and what (cut to the column's size)."""
    return AccessRecord.objects.create(
        actor=actor, employee=employee, action=action, detail=str(detail)[:500])


def record_many(actor, reads, action):
    """One record per (employee id, detail) read, in one INSERT (a page of results
    through the API)."""
    return AccessRecord.objects.bulk_create(
        AccessRecord(actor=actor, employee_id=employee_id, action=action,
                     detail=str(detail)[:500])
        for employee_id, detail in reads)
