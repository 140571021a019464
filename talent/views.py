import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app

from .roles import employee_of, role_names

logger = logging.getLogger(__name__)

public = login_not_required


@public
def login(request, *args, **kwargs):
    return auth_views.LoginView.as_view(redirect_authenticated_user=True)(request)


def home(request):
    """One home page; each role the user holds adds its own section."""
    roles = role_names(request.user)
    context = {"roles": roles, "employee": employee_of(request.user)}
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
