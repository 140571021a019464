"""Figures about campaigns for HR's pages."""

from django.db.models import Count, OuterRef, Q, Subquery, Value

from talent.models import Department

from ..models import Assignment, Campaign, Message, Result


def campaign_counts(campaign, spec) -> dict:
    """Assigned, submitted and scored under `spec` (a ScoringSpec row, or None)."""
    counts = Assignment.objects.filter(campaign=campaign).aggregate(
        assigned=Count("pk"),
        submitted=Count("pk", filter=Q(status=Assignment.Status.SUBMITTED)),
    )
    counts["scored"] = (
        Result.objects.for_campaign(campaign, spec).count() if spec is not None else 0
    )
    return counts


def campaigns_with_counts():
    """Every campaign, newest first, with `assigned` and `submitted` annotated."""
    submitted = Q(assignments__status=Assignment.Status.SUBMITTED)
    return Campaign.objects.select_related("bank_version__bank").annotate(
        assigned=Count("assignments"), submitted=Count("assignments", filter=submitted)
    ).order_by("-created_at", "-pk")


def recent_campaigns(n=5):
    """The newest campaigns (bank admins judge their items by how these answered)."""
    return Campaign.objects.select_related("bank_version__bank").order_by(
        "-created_at", "-pk")[:n]


FUNNEL_STAGES = ("assigned", "invited", "started", "submitted", "scored")


def _stage_counts(spec):
    started = ~Q(status=Assignment.Status.NOT_STARTED)
    counts = {
        "assigned": Count("pk", distinct=True),
        "invited": Count("pk", filter=Q(invited_at__isnull=False), distinct=True),
        "started": Count("pk", filter=started, distinct=True),
        "submitted": Count("pk", filter=Q(status=Assignment.Status.SUBMITTED), distinct=True),
    }
    counts["scored"] = (Count("pk", filter=Q(results__spec=spec), distinct=True)
                        if spec is not None else Value(0))
    return counts


def funnel(campaign, spec) -> dict:
    """Assigned, invited, started, submitted and scored (under `spec`), overall and per
    department where people were at launch, each department counting its
    sub-departments too. Two queries whatever the campaign's size.

    Returns {"overall": {stage: n}, "departments": [{"department", "depth", "own",
    stage: n, ...}]}, departments in tree order, only those with someone assessed in
    them or below them.
    """
    rows = list(
        Assignment.objects.filter(campaign=campaign).values("department_id")
        .annotate(**_stage_counts(spec)).order_by()
    )
    departments = {d.pk: d for d in Department.objects.only(
        "pk", "code", "name", "name_zh", "parent_id")}
    zero = dict.fromkeys(FUNNEL_STAGES, 0)
    overall, totals, own = dict(zero), {}, {}
    for row in rows:
        counts = {stage: row[stage] for stage in FUNNEL_STAGES}
        for stage in FUNNEL_STAGES:
            overall[stage] += counts[stage]
        own[row["department_id"]] = counts
        # Add the counts to the department and every department above it.
        seen, pk = set(), row["department_id"]
        while pk is not None and pk in departments and pk not in seen:
            seen.add(pk)
            total = totals.setdefault(pk, dict(zero))
            for stage in FUNNEL_STAGES:
                total[stage] += counts[stage]
            pk = departments[pk].parent_id
    children = {}
    for department in departments.values():
        children.setdefault(department.parent_id, []).append(department)
    ordered = []

    def walk(parent_id, depth, seen):
        for department in sorted(children.get(parent_id, []), key=lambda d: d.code):
            if department.pk in totals and department.pk not in seen:
                ordered.append({"department": department, "depth": depth,
                                "own": own.get(department.pk, zero),
                                **totals[department.pk]})
                walk(department.pk, depth + 1, seen | {department.pk})

    walk(None, 0, frozenset())
    if None in own:  # assignments made before launch recorded the department
        ordered.append({"department": None, "depth": 0, "own": own[None], **own[None]})
    return {"overall": overall, "departments": ordered}


def delivery_failures(campaign, limit=50):
    """The campaign's failed messages, newest first, with whom they were for."""
    return list(
        Message.objects.for_campaign(campaign).failed()
        .select_related("assignment__employee").order_by("-created_at", "-pk")[:limit]
    )


def assignments_for_hr(campaign, *, status=None, department=None):
    """The campaign's assignments for HR's list, by employee id; `status` one of
    Assignment.Status, `department` a Department (with its sub-departments, as at
    launch). The last message of each is annotated (`last_message_at`)."""
    assignments = Assignment.objects.filter(campaign=campaign).select_related(
        "employee", "department", "position"
    ).annotate(
        last_message_at=Subquery(Message.objects.filter(assignment=OuterRef("pk"))
                                 .order_by("-created_at").values("created_at")[:1]),
    ).order_by("employee__employee_id", "pk")
    if status:
        assignments = assignments.filter(status=status)
    if department is not None:
        assignments = assignments.filter(
            department_id__in=Department.objects.subtree_ids(department))
    return assignments
