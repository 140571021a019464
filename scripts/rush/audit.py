"""The rush benchmark's audit of the database after a rush: a rush that answers fast but
loses what people were told was saved has not passed, so both loops end with it.

Every answer whose save was acknowledged must be stored once with the last acknowledged
value (lost: missing or another value; duplicated: more than one row for one assignment
and item), and every acknowledged submission must be submitted (lost otherwise;
duplicated: more than one submitted assignment of a person in the campaign).
"""


def audit(acknowledged, submitted, assignment_ids):
    """(lost, duplicated) in the database: `acknowledged` is {(assignment id, item id):
    the last value whose save was acknowledged}, `submitted` the assignment ids whose
    submission was. Unique constraints forbid both duplicates; this is the backstop."""
    from django.db.models import Count

    from assessments.models import Answer, Assignment

    answers = Answer.objects.filter(assignment_id__in=assignment_ids)
    stored = {(a, i): v for a, i, v in answers.values_list("assignment_id", "item_id", "value")}
    lost = sum(stored.get(key) != value for key, value in acknowledged.items())
    done = set(
        Assignment.objects.filter(
            pk__in=submitted,
            status=Assignment.Status.SUBMITTED,
            submitted_at__isnull=False,
        ).values_list("pk", flat=True)
    )
    lost += len(set(submitted) - done)
    duplicated = (
        answers.order_by()
        .values("assignment_id", "item_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
        + Assignment.objects.filter(pk__in=assignment_ids, status=Assignment.Status.SUBMITTED)
        .order_by()
        .values("campaign_id", "employee_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return lost, duplicated
