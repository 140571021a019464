import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from config.celery import app as celery_app

from . import org_import, org_import_jobs, org_sync, sso
from .forms import OrgImportForm
from .home import cards_for as home_cards
from .middleware import ENDED_BECAUSE
from .models import Department, Employee, OrgImport, OrgSync, Position
from .roles import employee_of, role_names
from .tasks import invite_after_commit, queue_org_import

logger = logging.getLogger(__name__)

public = login_not_required


SESSION_ENDED_MESSAGES = {
    "idle": gettext_lazy("You were signed out after a while without activity. Please sign in "
                         "again; everything you saved is kept."),
    "absolute": gettext_lazy("Your session reached its maximum length. Please sign in again; "
                             "everything you saved is kept."),
}


@public
def login(request, *args, **kwargs):
    ended = request.session.pop(ENDED_BECAUSE, None) if request.method == "GET" else None
    return auth_views.LoginView.as_view(
        redirect_authenticated_user=True,
        extra_context={
            "session_ended": SESSION_ENDED_MESSAGES.get(ended),
            "sso_enabled": sso.sso_enabled(),
            "sso_name": settings.OIDC_DISPLAY_NAME,
            "sso_provider": sso.PROVIDER_ID,
            "password_for_employees": settings.PASSWORD_LOGIN_FOR_EMPLOYEES,
        },
    )(request)


@require_GET
def home(request):
    """One home page; each role the user holds adds its own card (see talent/home.py)."""
    roles = role_names(request.user)
    cards, context = home_cards(request, roles)
    context.update({"roles": roles, "cards": cards, "employee": employee_of(request.user)})
    return render(request, "talent/home.html", context)


@public
@never_cache
@require_GET
def healthz(request):
    """Database and broker status for load balancers and monitors (no secrets shown)."""
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(status == "ok" for status in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", **checks}, status=200 if healthy else 503
    )


@public
@never_cache
@require_GET
def healthz_live(request):
    """Liveness: the process answers (nothing else is asked, so a database or broker
    outage never gets a healthy web process restarted)."""
    return JsonResponse({"status": "ok"})


@public
@never_cache
@require_GET
def healthz_ready(request):
    """Readiness for web traffic: the database answers. Not the broker: answering a
    questionnaire, reading a report and reviewing need only the database, so a Redis
    outage must not take the site out of the load balancer."""
    database = _check_database()
    healthy = database == "ok"
    return JsonResponse({"status": "ok" if healthy else "unhealthy", "database": database},
                        status=200 if healthy else 503)


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("healthz: database check failed")
        return "error"
    return "ok"


def _check_broker():
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.exception("healthz: broker check failed")
        return "error"
    return "ok"


# The organisation import: upload, preview, confirm (talent/org_import_jobs.py) --------

RECENT_IMPORTS = 10


@csrf_exempt
@permission_required("talent.import_org", raise_exception=True)
def import_org(request):
    """Upload an HR export: the file is stored and a worker checks it; the page of the
    job shows the preview. A refused upload changes nothing and stores nothing.

    CSRF is checked by the inner view, after the declared size: the CSRF middleware
    would otherwise parse (and spool to disk) a too-large body before we could refuse it.
    """
    if request.method == "POST":
        declared = request.META.get("CONTENT_LENGTH") or "0"
        # The multipart envelope adds a little to the file; allow a page's worth.
        if not declared.isdigit() or int(declared) > org_import.max_bytes() + 64 * 1024:
            return _render_import(request, OrgImportForm(), status=413,
                                  refusal=org_import.too_large_message())
    return _import_org(request)


@csrf_protect
def _import_org(request):
    if request.method != "POST":
        return _render_import(request, OrgImportForm())
    form = OrgImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_import(request, form, status=400)
    uploaded = form.cleaned_data["file"]
    if uploaded.size > org_import.max_bytes():
        return _render_import(request, OrgImportForm(), status=413,
                              refusal=org_import.too_large_message())
    job = org_import_jobs.start(request.user, uploaded)
    queue_org_import(job)
    return redirect("talent:org_import", pk=job.pk)


@require_GET
@permission_required("talent.import_org", raise_exception=True)
def org_import_detail(request, pk):
    """The job's progress, then its preview (and the button to confirm it), or what it
    imported. htmx polls the status block while a worker has the job."""
    job = get_object_or_404(OrgImport.objects.select_related("uploaded_by"), pk=pk)
    context = {"job": job, "plan": org_import_jobs.Preview(job.summary) if job.summary else None,
               "may_confirm": job.uploaded_by_id == request.user.pk}
    if job.summary:
        context["preview_rows"] = _preview_rows(context["plan"])
    if request.htmx:
        return render(request, "talent/org/_import_job.html", context)
    return render(request, "talent/org/import_job.html", context)


@require_POST
@permission_required("talent.import_org", raise_exception=True)
def confirm_org_import(request, pk):
    job = get_object_or_404(OrgImport, pk=pk)
    if job.uploaded_by_id != request.user.pk:
        messages.error(request, _("Only the person who uploaded this file can confirm it; "
                                  "upload it yourself to import it."))
        return redirect("talent:org_import", pk=job.pk)
    if not org_import_jobs.confirm(job, request.user):
        messages.error(request, _("This file is not waiting for confirmation any more "
                                  "(already imported, or expired). Upload it again if needed."))
        return redirect("talent:org_import", pk=job.pk)
    job.refresh_from_db()
    queue_org_import(job)
    return redirect("talent:org_import", pk=job.pk)


@require_POST
@permission_required("talent.import_org", raise_exception=True)
def discard_org_import(request, pk):
    job = get_object_or_404(OrgImport, pk=pk)
    if job.uploaded_by_id != request.user.pk:
        messages.error(request, _("Only the person who uploaded this file can discard it."))
        return redirect("talent:org_import", pk=job.pk)
    if org_import_jobs.discard(job, request.user):
        messages.success(request, _("The upload was discarded and its file deleted; nothing "
                                    "was imported."))
        return redirect("talent:import_org")
    messages.error(request, _("This file is not waiting for confirmation any more "
                              "(already imported, or expired). Upload it again if needed."))
    return redirect("talent:org_import", pk=job.pk)


def _preview_rows(plan):
    return [(_("Employees"), plan.employees), (_("Departments"), plan.departments),
            (_("Positions"), plan.positions)]


def _render_import(request, form, status=200, **context):
    context = {
        "form": form,
        "columns": org_import.COLUMNS,
        "optional_columns": org_import.OPTIONAL_COLUMNS,
        "max_size": org_import.max_bytes(),
        "max_errors": org_import.MAX_ERRORS_SHOWN,
        "totals": {
            "employees": Employee.objects.count(),
            "departments": Department.objects.count(),
            "positions": Position.objects.count(),
        },
        "recent": OrgImport.objects.select_related("uploaded_by")[:RECENT_IMPORTS],
        **context,
    }
    return render(request, "talent/org/import.html", context, status=status)


# HR-system syncs (talent/org_sync.py): the record of every sync, and HR's decision on
# one that the guard rails paused ----------------------------------------------------

SYNCS_PER_PAGE = 25


@require_GET
@permission_required("talent.import_org", raise_exception=True)
def org_syncs(request):
    page = Paginator(OrgSync.objects.select_related("created_by", "decided_by"),
                     SYNCS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "talent/org/syncs.html", {"syncs": page, "page": page})


@require_GET
@permission_required("talent.import_org", raise_exception=True)
def org_sync_detail(request, pk):
    sync = get_object_or_404(OrgSync.objects.select_related("created_by", "decided_by"), pk=pk)
    paused = sync.status == OrgSync.Status.PAUSED
    return render(request, "talent/org/sync.html", {
        "sync": sync, "paused": paused,
        "superseded": paused and org_sync.superseded(sync)})


@require_POST
@permission_required("talent.import_org", raise_exception=True)
def org_sync_decide(request, pk):
    action = request.POST.get("action")
    if action == "apply":
        try:
            sync = org_sync.apply_paused(pk, request.user)
        except org_sync.Superseded:
            messages.error(request, _(
                "A newer snapshot from the HR system has been applied since this one "
                "arrived; applying this older one would undo it. Nothing was changed. "
                "Discard it."))
            return redirect("talent:org_sync", pk=pk)
        if sync is not None:
            invite_after_commit(sync.provisioned_user_ids)
        if sync is None:
            messages.error(request, _("This sync is not paused any more."))
        elif sync.status == OrgSync.Status.APPLIED:
            messages.success(request, _(
                "Applied: %(created)s employees created, %(updated)s updated, "
                "%(deactivated)s deactivated.") % {
                    "created": sync.created, "updated": sync.updated,
                    "deactivated": sync.deactivated})
        else:
            messages.error(request, _(
                "The organisation has changed since this sync was paused and the snapshot "
                "no longer fits it; nothing was changed. Discard it and send a new one."))
    elif action == "discard":
        if org_sync.discard_paused(pk, request.user):
            messages.success(request, _("Discarded: nothing was changed."))
        else:
            messages.error(request, _("This sync is not paused any more."))
    else:
        return HttpResponseBadRequest(_("Choose apply or discard."))
    return redirect("talent:org_sync", pk=pk)
