"""Login throttling on top of django-axes (see docs/operations.md, "Login throttling").

Two limits, both stored in the database (shared by every web process):

1. per account *and* client address: AXES_FAILURE_LIMIT wrong passwords within
   AXES_COOLOFF_TIME lock that account on that address only (django-axes itself);
2. per account over all addresses: AXES_ACCOUNT_FAILURE_LIMIT wrong passwords within
   AXES_ACCOUNT_COOLOFF_HOURS lock that account everywhere, until enough of those failures
   are older than the window, the account logs in successfully, or an administrator runs
   `manage.py axes_reset_username <name>`. Nobody else is affected: colleagues behind
   the same address (an office NAT) keep logging in.

Attempts refused while locked are not checked against the password and do not count
(AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off), so each limit bounds the number of
passwords actually tried.
"""

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog, AccessLog
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Max
from django.utils import timezone


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the
    address the outermost proxy appended to X-Forwarded-For (entries further left are
    whatever the client sent and are ignored)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class AccountCeilingHandler(AxesDatabaseHandler):
    """django-axes' database handler plus a per-account ceiling over all addresses."""

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self.account_locked(
            request, credentials
        )

    def account_locked(self, request, credentials=None):
        username = get_client_username(request, credentials)
        if not username:
            return False
        locked = account_failures(username) >= settings.AXES_ACCOUNT_FAILURE_LIMIT
        if locked:
            request.axes_account_locked = True
        return locked

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self.account_locked(request, credentials):
            # This failure reached the ceiling: refuse it as a lock-out, as axes does
            # for the failure that reaches the per-address limit.
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request,
                                 username=get_client_username(request, credentials),
                                 ip_address=request.axes_ip_address)

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False):
        count = super().reset_attempts(ip_address=ip_address, username=username,
                                       ip_or_username=ip_or_username)
        if username:
            # Lift the account ceiling too: forget this account's recent failures.
            AccessFailureLog.objects.filter(
                username=username, attempt_time__gte=window_start()
            ).delete()
        return count


def window_start():
    return timezone.now() - timedelta(hours=settings.AXES_ACCOUNT_COOLOFF_HOURS)


def account_failures(username):
    """Wrong passwords for this account, from any address, within the ceiling's window and
    since its last successful login."""
    since = window_start()
    last_login = AccessLog.objects.filter(username=username).aggregate(t=Max("attempt_time"))["t"]
    if last_login and last_login > since:
        since = last_login
    return AccessFailureLog.objects.filter(username=username, attempt_time__gt=since).count()
