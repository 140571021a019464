"""What the employee's pages show: my assignments, and one page of my questionnaire.
Read-only, like every report."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from talent.roles import employee_of

from ..models import Answer, Assignment, Campaign, Item
from .person_report import statuses_for


def my_assignments(employee):
    """(open, past): open ones (the campaign takes answers, not submitted yet) with
    `n_answered` and `n_items`, soonest due first; past ones (submitted, or the campaign
    over) newest first."""
    if employee is None:
        return [], []
    n_items = (Item.objects.filter(version_id=OuterRef("campaign__bank_version_id"))
               .order_by().values("version_id").annotate(n=Count("pk")).values("n"))
    rows = list(
        Assignment.objects.filter(employee=employee)
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .select_related("campaign")
        .annotate(n_answered=Count("answers"), n_items=Coalesce(Subquery(n_items), 0))
        .order_by("-campaign__created_at")
    )
    open_ids = set(Campaign.objects.open().filter(
        pk__in={a.campaign_id for a in rows}).values_list("pk", flat=True))
    current = [a for a in rows if a.campaign_id in open_ids and not a.is_submitted]
    past = [a for a in rows if a not in current]
    current.sort(key=lambda a: (a.campaign.closes_at is None, a.campaign.closes_at or 0))
    for a in current:
        a.percent = round(100 * a.n_answered / a.n_items) if a.n_items else 0
    return current, past


def home_context(request):
    current, past = my_assignments(employee_of(request.user))
    # Which past ones have a report to read (released or contested) and which are
    # still with HR (one query).
    statuses = statuses_for([a for a in past if a.is_submitted])
    for a in past:
        a.report_state = statuses[a.pk].state if a.pk in statuses else ""
    return {"open_assignments": current, "past_assignments": past}


def questionnaire_page(assignment, pages, number, language):
    """The context of page `number` (1-based) of `pages` (item ids per page)."""
    ids = pages[number - 1]
    items = Item.objects.in_bulk(ids)
    answers = dict(Answer.objects.filter(assignment_id=assignment.pk)
                   .values_list("item_id", "value"))
    first = sum(len(p) for p in pages[:number - 1])
    questions = [
        {"item": items[item_id], "number": first + i, "text": items[item_id].text_in(language),
         "choices": items[item_id].answer_choices(language),
         "value": answers.get(item_id)}
        for i, item_id in enumerate(ids, start=1)
    ]
    total = sum(len(p) for p in pages)
    answered_ids = set(answers)
    page_links = [
        {"number": n, "complete": all(i in answered_ids for i in p), "current": n == number}
        for n, p in enumerate(pages, start=1)
    ]
    return {
        "assignment": assignment, "campaign": assignment.campaign,
        "questions": questions, "number": number, "n_pages": len(pages),
        "page_links": page_links, "n_answered": len(answered_ids & set(assignment.item_order)),
        "n_items": total,
        "percent": round(100 * len(answered_ids) / total) if total else 0,
        "is_first": number == 1, "is_last": number == len(pages),
        "language": language,
    }
