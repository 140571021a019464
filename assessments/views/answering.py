"""The employee's questionnaire: notice, pages of items, autosave, submission.

An assignment is only ever found among the signed-in person's own (anyone else's is a
404, as if it did not exist). Writes go through services/answering.py, which refuses
(and writes nothing) when the campaign is not open, the notice was not acknowledged, the
item or value is not one of this bank version's, or the assignment is submitted; the
refusals become 403, 400 and 409 here.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talent.roles import employee_of

from ..models import Assignment, Item
from ..reports.answering import questionnaire_page
from ..services import answering
from ..services.answering import (
    AlreadySubmitted,
    BadAnswer,
    CampaignNotOpen,
    NoticeNotAcknowledged,
)

TAKE = "assessments.take_assessment"


def _own_assignment(request, pk):
    employee = employee_of(request.user)
    if employee is None:
        raise Http404
    return get_object_or_404(
        Assignment.objects.select_related("campaign__bank_version__bank"),
        pk=pk, employee=employee,
    )


def _plain(message, status):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _submitted_message():
    return _("This assessment has been submitted; its answers can no longer be changed.")


def _not_open_message(campaign):
    if campaign.status == campaign.Status.DRAFT or (
        campaign.status == campaign.Status.OPEN and campaign.opens_at
        and campaign.opens_at > timezone.now()
    ):
        return _("This assessment is not open yet.")
    return _("This assessment is closed; answers are no longer accepted.")


def _refused(request, assignment, status=403):
    return render(request, "assessments/answering/refused.html", {
        "assignment": assignment, "campaign": assignment.campaign,
        "message": _not_open_message(assignment.campaign),
    }, status=status)


def _blocked(request, assignment, *, needs_notice=True, status_for_posts=True):
    """The response that stops this request, or None when it may go on: a submitted
    assignment (its page, or 409 for a write), a campaign not open, a notice not yet
    acknowledged (the notice, or 403 for a write). With `status_for_posts` off, a POST
    is sent to the page as a GET would be (submitting twice shows "submitted")."""
    posting = request.method == "POST" and status_for_posts
    if assignment.is_submitted:
        if posting:
            return _plain(_submitted_message(), 409)
        return redirect("assessments:assignment_submitted", pk=assignment.pk)
    if not answering.is_open(assignment.campaign):
        return _refused(request, assignment)
    if needs_notice and not answering.notice_acknowledged(assignment):
        if posting:
            return _plain(_("Read and acknowledge the notice first."), 403)
        return redirect("assessments:assignment_notice", pk=assignment.pk)
    return None


def _language():
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def htmx_login_required(view):
    """Like the site-wide login requirement, but an htmx request whose session expired
    gets an `HX-Redirect` to the login page, with `next` the questionnaire page it was
    sent from, so htmx leaves the page instead of swapping the login form into it.
    (talent/middleware.py's HtmxLoginRedirectMiddleware does the same for every other
    htmx endpoint; this one also checks that the page to return to is this assignment's
    own questionnaire page, so the redirect can never be steered elsewhere.)
    """

    @login_not_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        back = _page_to_return_to(request, kwargs.get("pk"))
        if getattr(request, "htmx", False):
            login = redirect_to_login(back)
            response = HttpResponse(status=401)
            response["HX-Redirect"] = login["Location"]
            return response
        return redirect_to_login(back)

    return wrapped


def _page_to_return_to(request, pk):
    """The questionnaire page the htmx request came from, if it is one of ours."""
    current = request.headers.get("HX-Current-URL", "")
    if current and url_has_allowed_host_and_scheme(
        current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        path = urlsplit(current).path
        if pk is not None and path.startswith(reverse("assessments:assignment", args=[pk])):
            return path
    if pk is not None:
        return reverse("assessments:assignment", args=[pk])
    return request.get_full_path()


# The entry and the notice ------------------------------------------------------------

@require_GET
@permission_required(TAKE, raise_exception=True)
def assignment_entry(request, pk):
    """Where an invitation links to: the notice first, then where I left off."""
    assignment = _own_assignment(request, pk)
    # A second click of the last page's Submit (or a retried one) finds the assignment
    # submitted: it gets the "submitted" page, as the submit page's button does.
    submitting = request.method == "POST" and request.POST.get("go") == "submit"
    if (stop := _blocked(request, assignment, status_for_posts=not submitting)) is not None:
        return stop
    order = answering.start(assignment)
    missing = set(answering.unanswered(assignment))
    for number, page in enumerate(answering.pages(order), start=1):
        if missing & set(page):
            return redirect("assessments:assignment_page", pk=pk, number=number)
    return redirect("assessments:assignment_submit", pk=pk)


@require_http_methods(["GET", "POST"])
@permission_required(TAKE, raise_exception=True)
def notice(request, pk):
    assignment = _own_assignment(request, pk)
    if (stop := _blocked(request, assignment, needs_notice=False)) is not None:
        return stop
    if request.method == "POST":
        try:
            answering.acknowledge_notice(assignment)
        except AlreadySubmitted:
            return _plain(_submitted_message(), 409)
        except CampaignNotOpen:
            return _refused(request, assignment)
        return redirect("assessments:assignment", pk=pk)
    language = _language()
    other = next(code for code, __ in settings.LANGUAGES if code != language)
    return render(request, "assessments/answering/notice.html", {
        "assignment": assignment, "campaign": assignment.campaign,
        "acknowledged": answering.notice_acknowledged(assignment),
        "other_language": other,
        "retention_years": settings.ASSESSMENT_RETENTION_YEARS,
    })


# Pages -------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@permission_required(TAKE, raise_exception=True)
def page(request, pk, number):
    assignment = _own_assignment(request, pk)
    # A second click of the last page's Submit (or a retried one) finds the assignment
    # submitted: it gets the "submitted" page, as the submit page's button does.
    submitting = request.method == "POST" and request.POST.get("go") == "submit"
    if (stop := _blocked(request, assignment, status_for_posts=not submitting)) is not None:
        return stop
    order = answering.start(assignment)
    all_pages = answering.pages(order)
    if not 1 <= number <= len(all_pages):
        raise Http404
    if request.method == "POST":
        return _save_page(request, assignment, number, all_pages)
    context = questionnaire_page(assignment, all_pages, number, _language())
    return render(request, "assessments/answering/page.html", context)


def _save_page(request, assignment, number, all_pages):
    """The page sent as a form (without JavaScript, or by Back/Next/Submit): save what
    was chosen on it, then go where the button said."""
    allowed = answering.version_items(assignment.campaign.bank_version_id)
    saves = []
    for item_id in all_pages[number - 1]:
        raw = request.POST.get(f"item-{item_id}")
        if raw in (None, ""):
            continue
        value = _int(raw)
        if value is None or value not in allowed.get(item_id, ()):
            return _plain(_("The form could not be read."), 400)
        # Saved by the page's script already: the same save again (a no-op if it
        # arrived, the missing save if it did not, ignored if another tab went on).
        sequence = _int(request.POST.get(f"seq-{item_id}", ""))
        shown = _int(request.POST.get(f"shown-{item_id}", ""))
        if sequence is None and shown == value:
            continue  # unchanged on this page
        if sequence is not None and sequence < 1:
            return _plain(_("The form could not be read."), 400)
        saves.append((item_id, value, sequence))
    try:
        with transaction.atomic():
            for item_id, value, sequence in saves:
                answering.save_answer(assignment, item_id, value, sequence,
                                      language=_language())
    except AlreadySubmitted:
        if request.POST.get("go") == "submit":  # the other click submitted meanwhile
            return redirect("assessments:assignment_submitted", pk=assignment.pk)
        return _plain(_submitted_message(), 409)
    except CampaignNotOpen:
        return _refused(request, assignment)
    except BadAnswer:
        return _plain(_("The form could not be read."), 400)
    go = request.POST.get("go", "")
    if go == "back" and number > 1:
        return redirect("assessments:assignment_page", pk=assignment.pk, number=number - 1)
    if go == "next" and number < len(all_pages):
        return redirect("assessments:assignment_page", pk=assignment.pk, number=number + 1)
    if go == "submit":
        try:
            if answering.submit(assignment).submitted:
                return redirect("assessments:assignment_submitted", pk=assignment.pk)
        except CampaignNotOpen:
            return _refused(request, assignment)
        return redirect("assessments:assignment_submit", pk=assignment.pk)
    if go.startswith("page-") and (target := _int(go[5:])) and 1 <= target <= len(all_pages):
        return redirect("assessments:assignment_page", pk=assignment.pk, number=target)
    return redirect("assessments:assignment_page", pk=assignment.pk, number=number)


def _int(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _float(raw):
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if value == value and abs(value) != float("inf") else None


def _own_assignment_to_save(request, pk):
    """`_own_assignment` and the permission check for the autosave, in one query instead
    of three: the assignment comes with the person's employee record, which is what the
    permission asks about (talent/roles.py), and with only the campaign (what a save
    reads). Someone who may not take assessments still gets 403, and anyone else's
    assignment still a 404."""
    assignment = (Assignment.objects.select_related("campaign", "employee")
                  .filter(pk=pk, employee__user_id=request.user.pk).first())
    if assignment is not None:
        request.user.employee = assignment.employee  # caches the reverse one-to-one
    if not request.user.has_perm(TAKE):
        raise PermissionDenied
    if assignment is None:
        raise Http404
    return assignment


@htmx_login_required
@require_POST
def autosave(request, pk):
    """One answer, saved the moment it is chosen (htmx). Body: item, value, sequence and
    optionally seconds (spent on the item during this visit)."""
    assignment = _own_assignment_to_save(request, pk)
    item_id, value = _int(request.POST.get("item")), _int(request.POST.get("value"))
    sequence = _int(request.POST.get("sequence"))
    raw_seconds = request.POST.get("seconds", "")
    seconds = _float(raw_seconds) if raw_seconds != "" else None
    if (None in (item_id, value, sequence) or sequence < 1
            or (raw_seconds != "" and (seconds is None or seconds < 0))):
        return _plain(_("The answer could not be read."), 400)
    try:
        result = answering.save_answer(assignment, item_id, value, sequence, seconds,
                                       _language())
    except AlreadySubmitted:
        return _plain(_submitted_message(), 409)
    except CampaignNotOpen:
        return _plain(_not_open_message(assignment.campaign), 403)
    except NoticeNotAcknowledged:
        return _plain(_("Read and acknowledge the notice first."), 403)
    except BadAnswer:
        return _plain(_("This answer is not one of this questionnaire's."), 400)
    # A fragment: no context processors (they would ask about roles on every save).
    response = HttpResponse(render_to_string("assessments/answering/_saved.html", {
        "result": result, "kept": result.outcome == answering.Outcome.KEPT,
    }))
    response["X-Answer-Sequence"] = str(result.sequence)
    return response


# Submission --------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@permission_required(TAKE, raise_exception=True)
def submit(request, pk):
    assignment = _own_assignment(request, pk)
    if (stop := _blocked(request, assignment, status_for_posts=False)) is not None:
        return stop
    order = answering.start(assignment)
    if request.method == "POST":
        try:
            result = answering.submit(assignment)
        except CampaignNotOpen:
            return _refused(request, assignment)
        if result.submitted:
            return redirect("assessments:assignment_submitted", pk=pk)
        missing = result.unanswered
    else:
        missing = answering.unanswered(assignment)
    all_pages = answering.pages(order)
    page_of = {item_id: n for n, ids in enumerate(all_pages, start=1) for item_id in ids}
    position = {item_id: i for i, item_id in enumerate(order, start=1)}
    language = _language()
    items = Item.objects.in_bulk(missing)
    unanswered = [
        {"number": position[item_id], "page": page_of[item_id],
         "text": items[item_id].text_in(language), "id": item_id}
        for item_id in missing if item_id in items
    ]
    return render(request, "assessments/answering/submit.html", {
        "assignment": assignment, "campaign": assignment.campaign,
        "unanswered": unanswered, "n_items": len(order),
        "n_answered": len(order) - len(missing), "pages": range(1, len(all_pages) + 1),
        "refused": request.method == "POST",
    }, status=200)


@require_GET
@permission_required(TAKE, raise_exception=True)
def submitted(request, pk):
    assignment = _own_assignment(request, pk)
    if not assignment.is_submitted:
        return redirect("assessments:assignment", pk=pk)
    return render(request, "assessments/answering/submitted.html", {
        "assignment": assignment, "campaign": assignment.campaign,
    })
