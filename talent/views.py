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

from . import org_import, org_sync, sso, uploads
from .forms import OrgImportForm
from .home import cards_for as home_cards
from .middleware import ENDED_BECAUSE
from .models import Department, Employee, OrgSync, Position
from .roles import employee_of, role_names
from .tasks import invite_after_commit

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


# The organisation import: upload, preview, confirm ----------------------------------

ORG_IMPORT_SESSION_KEY = "org_import_tokens"


@csrf_exempt
@permission_required("talent.import_org", raise_exception=True)
def import_org(request):
    """Upload an HR export and preview it; a refused file changes nothing.

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
    plan = org_import.plan_import(uploaded)
    token = None
    if plan.ok and plan.has_changes:
        uploaded.seek(0)
        token = uploads.keep_upload(uploaded)
        # Only the uploader's own session may confirm this upload.
        tokens = request.session.get(ORG_IMPORT_SESSION_KEY, [])[-4:]
        request.session[ORG_IMPORT_SESSION_KEY] = [*tokens, token]
    context = {"plan": plan, "token": token, "filename": uploaded.name}
    return _render_import(request, OrgImportForm(), status=200 if plan.ok else 400, **context)


@require_POST
@permission_required("talent.import_org", raise_exception=True)
def confirm_org_import(request):
    token = request.POST.get("token", "")
    path = uploads.kept_upload_path(token)
    if path is None or token not in request.session.get(ORG_IMPORT_SESSION_KEY, []):
        return _render_import(request, OrgImportForm(), status=400, refusal=_(
            "This upload has expired or was already imported. Upload the file again."
        ))
    with open(path, "rb") as binary_file:
        plan = org_import.import_org(binary_file)
    if not plan.ok:
        # The organisation changed since the preview in a way that makes the file wrong.
        return _render_import(request, OrgImportForm(), status=400, plan=plan)
    invite_after_commit(plan.provisioned_user_ids)
    uploads.discard_upload(token)
    request.session[ORG_IMPORT_SESSION_KEY] = [
        t for t in request.session.get(ORG_IMPORT_SESSION_KEY, []) if t != token
    ]
    messages.success(request, _(
        "Imported %(rows)s rows. Employees: %(ec)s created, %(eu)s updated, %(en)s unchanged. "
        "Departments: %(dc)s created, %(du)s updated. Positions: %(pc)s created, "
        "%(pu)s updated."
    ) % {
        "rows": plan.rows,
        "ec": plan.employees.create, "eu": plan.employees.update,
        "en": plan.employees.unchanged,
        "dc": plan.departments.create, "du": plan.departments.update,
        "pc": plan.positions.create, "pu": plan.positions.update,
    })
    if plan.provisioned_user_ids or plan.deactivated or plan.reactivated:
        messages.info(request, _(
            "Logins: %(created)s created (an invitation to set a password is on its way to "
            "each), %(left)s deactivated (their sessions have ended), %(back)s reactivated."
        ) % {"created": len(plan.provisioned_user_ids), "left": plan.deactivated,
             "back": plan.reactivated})
    return redirect("talent:import_org")


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
        **context,
    }
    if "plan" in context:
        plan = context["plan"]
        context["preview_rows"] = [
            (_("Employees"), plan.employees),
            (_("Departments"), plan.departments),
            (_("Positions"), plan.positions),
        ]
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
    return render(request, "talent/org/sync.html", {
        "sync": sync, "paused": sync.status == OrgSync.Status.PAUSED})


@require_POST
@permission_required("talent.import_org", raise_exception=True)
def org_sync_decide(request, pk):
    action = request.POST.get("action")
    if action == "apply":
        sync = org_sync.apply_paused(pk, request.user)
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
