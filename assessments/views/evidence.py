"""HR's evidence pages (docs/evidence.md): outcomes imported from CSV (upload, preview,
confirm; all or nothing), the evidence per criterion and the retest of two campaigns.
Managers and employees see none of them: individual outcomes are HR's alone."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from talent import org_import, uploads

from ..forms import OutcomeImportForm
from ..models import Campaign, Criterion
from ..reports import evidence, labels
from ..services import outcome_import

SESSION_KEY = "outcome_import_tokens"


@csrf_exempt
@permission_required("assessments.import_outcomes", raise_exception=True)
def import_outcomes(request):
    """Upload a CSV of ratings and preview it; a refused file records nothing.

    As for the organisation import, a body declared larger than the limit is refused
    before anything parses it; CSRF is checked by the inner view, after that."""
    if request.method == "POST":
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if not declared.isdigit() or int(declared) > org_import.max_bytes() + 64 * 1024:
            return _render_import(request, OutcomeImportForm(), status=413,
                                  refusal=org_import.too_large_message())
    return _import_outcomes(request)


@csrf_protect
def _import_outcomes(request):
    if request.method != "POST":
        return _render_import(request, OutcomeImportForm())
    form = OutcomeImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_import(request, form, status=400)
    uploaded = form.cleaned_data["file"]
    if uploaded.size > org_import.max_bytes():
        return _render_import(request, OutcomeImportForm(), status=413,
                              refusal=org_import.too_large_message())
    plan = outcome_import.plan_import(uploaded)
    token = None
    if plan.ok:
        uploaded.seek(0)
        token = uploads.keep_upload(uploaded)
        # Only the uploader's own session may confirm this upload.
        request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-4:], token]
    return _render_import(request, OutcomeImportForm(), status=200 if plan.ok else 400,
                          plan=plan, token=token, filename=uploaded.name)


@require_POST
@permission_required("assessments.import_outcomes", raise_exception=True)
def confirm_outcome_import(request):
    token = request.POST.get("token", "")
    stored = (uploads.open_kept_upload(token)
              if token in request.session.get(SESSION_KEY, []) else None)
    if stored is None:
        return _render_import(request, OutcomeImportForm(), status=400, refusal=_(
            "This upload has expired or was already imported. Upload the file again."))
    with stored as binary_file:
        plan = outcome_import.import_outcomes(binary_file, user=request.user)
    if not plan.ok:
        return _render_import(request, OutcomeImportForm(), status=400, plan=plan)
    uploads.discard_upload(token)
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, [])
                                    if t != token]
    messages.success(request, _("Recorded %(rows)s outcome ratings.") % {"rows": plan.rows})
    return redirect("assessments:evidence")


def _render_import(request, form, status=200, **context):
    return render(request, "assessments/evidence/import.html", {
        "form": form, "columns": outcome_import.COLUMNS,
        "max_errors": org_import.MAX_ERRORS_SHOWN, **context}, status=status)


@require_GET
@permission_required("assessments.view_evidence", raise_exception=True)
def evidence_index(request):
    return render(request, "assessments/evidence/index.html", {
        "criteria": evidence.criteria(), "pairs": evidence.retest_pairs()})


@require_GET
@permission_required("assessments.view_evidence", raise_exception=True)
def criterion_evidence(request, pk):
    criterion = get_object_or_404(Criterion, pk=pk)
    report = evidence.criterion_evidence(criterion)
    for bank in report["banks"]:
        bank["verdict"] = evidence.verdict_sentence(bank["found"], report["version"])
    return render(request, "assessments/evidence/criterion.html", {"report": report})


@require_GET
@permission_required("assessments.view_evidence", raise_exception=True)
def retest(request, pk, other):
    later = get_object_or_404(Campaign.objects.select_related("bank_version__bank"), pk=pk)
    earlier = next((c for c in evidence.retest_partners(later) if c.pk == other), None)
    if earlier is None:
        raise Http404("these two campaigns share no scales")
    report = evidence.retest(earlier, later)
    names = labels.scale_names(later.bank_version)
    report = {**report, "scales": [{**row, "name": names.get(row["code"], row["code"])}
                                   for row in report["scales"]]}
    return render(request, "assessments/evidence/retest.html", {
        "earlier": earlier, "later": later, "report": report})
