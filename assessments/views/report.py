"""The employee's own report and their contest of it.

A report is only ever found among the signed-in person's own assignments: anyone else's,
HR's and managers' included, is a 404, as if it did not exist (HR reads results through
the review queue, which records each read). A pending or withheld result shows nothing
of the result itself.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from talent.roles import employee_of

from ..forms import ContestForm
from ..models import Assignment
from ..reports.access import readers_of
from ..reports.person_report import own_result, person_report, result_status
from ..services.contests import ContestRefused, NotTheirResult, contest_result

TAKE = "assessments.take_assessment"


def _own(request, pk):
    employee = employee_of(request.user)
    if employee is None:
        raise Http404
    try:
        return own_result(employee, pk)
    except Assignment.DoesNotExist:
        raise Http404 from None


def _render(request, assignment, result, form=None, status=200):
    state = result_status(result)
    ctx = {"assignment": assignment, "campaign": assignment.campaign, "status": state,
           "readers": readers_of(assignment.employee)}
    if state.readable:
        ctx["report"] = person_report(result, get_language())
        ctx["form"] = form or ContestForm()
    return render(request, "assessments/report/report.html", ctx, status=status)


@require_GET
@permission_required(TAKE, raise_exception=True)
def my_report(request, pk):
    assignment, result = _own(request, pk)
    return _render(request, assignment, result)


@require_POST
@permission_required(TAKE, raise_exception=True)
def contest(request, pk):
    assignment, result = _own(request, pk)
    if result is None:
        raise Http404
    form = ContestForm(request.POST)
    if not form.is_valid():
        return _render(request, assignment, result, form=form, status=400)
    try:
        contest_result(result.pk, employee_of(request.user), form.cleaned_data["comment"])
    except NotTheirResult:
        raise Http404 from None
    except ContestRefused as refused:
        for message in refused.messages:
            form.add_error(None, message)
        result.refresh_from_db()
        return _render(request, assignment, result, form=form, status=409)
    messages.success(request, _("Thank you. Your objection was sent to HR, who will review "
                                "the result again and answer here."))
    return redirect("assessments:my_report", pk=assignment.pk)
