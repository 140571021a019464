"""Pages seen by a signed-in user are never kept by a browser or a proxy cache; an htmx
request whose session expired is sent to the login page as a whole page."""

import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, SESSION_KEY, logout
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from . import mfa
from .roles import is_bank_staff, is_hr_staff

# Session keys: when the session signed in, when it was last used (seconds since the
# epoch), and why the last one ended (shown once on the login page).
SIGNED_IN_AT = "_signed_in_at"
LAST_SEEN_AT = "_last_seen_at"
ENDED_BECAUSE = "_session_ended"
# The last-seen time is written at most this often: not a session write per request.
LAST_SEEN_GRANULARITY = 60


class PrivatePagesMiddleware:
    """Every response to a signed-in user gets `Cache-Control: no-store, private, ...`.

    Nearly every page shows people or results (the home page, campaigns, run progress,
    item analysis, bank previews and exports, the org import), and a page added later
    would be easy to forget: so the rule is one for all, not a decorator per view. Judged
    by who asked, before the view runs (a logout's response is still the user's).
    Static files are served before this runs and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in:
            add_never_cache_headers(response)
        return response


class ActiveAccountMiddleware:
    """A session whose login may no longer be used is ended, not merely ignored.

    Leavers' sessions end when talent/accounts.py raises their session generation; the
    authentication backend (talent/backends.py) also treats a login whose employee
    record is inactive as signed out. That leaves the session itself in the store,
    where it would come back to life if the employee were reactivated: here it is
    flushed, so the next request (this one) is anonymous and is sent to log in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and SESSION_KEY in request.session:
            request.session.flush()
        return self.get_response(request)


def idle_limit_seconds(user):
    """How long a session of `user` may sit unused: short for the roles that see
    everyone's results (HR, bank admins, superusers), a working day for the rest."""
    if is_hr_staff(user) or is_bank_staff(user):
        return settings.SESSION_IDLE_MINUTES_STAFF * 60
    return settings.SESSION_IDLE_MINUTES * 60


IDLE_LIMIT = "_idle_limit"


def start_session_clock(sender, request, user, **kwargs):
    """user_logged_in receiver (talent/apps.py): the session's clocks start now, and its
    idle limit is fixed by the roles held at sign-in (no role query on every request)."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    request.session[IDLE_LIMIT] = idle_limit_seconds(user)


class SessionLimitMiddleware:
    """A session ends after an idle time that depends on the role, and after an absolute
    lifetime whatever happens (settings SESSION_IDLE_MINUTES(_STAFF),
    SESSION_ABSOLUTE_HOURS). The ended request goes on as anonymous, so it is sent to
    log in, and an htmx request (an autosave) gets HX-Redirect back to its page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        session, now = request.session, int(time.time())
        signed_in = session.setdefault(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN_AT, now)
        if IDLE_LIMIT not in session:
            session[IDLE_LIMIT] = idle_limit_seconds(request.user)
        limit = session[IDLE_LIMIT]
        if now - signed_in > settings.SESSION_ABSOLUTE_HOURS * 3600:
            reason = "absolute"
        elif now - last_seen > limit:
            reason = "idle"
        else:
            if now - last_seen >= LAST_SEEN_GRANULARITY or LAST_SEEN_AT not in session:
                session[LAST_SEEN_AT] = now
            return
        logout(request)
        request.session[ENDED_BECAUSE] = reason


class MfaMiddleware:
    """Before any page, a session passes the second factor (talent/mfa.py): someone with
    TOTP enters a code once per sign-in; HR, bank admins and superusers without one set
    it up first. The pages to do so, logging out and switching the language stay open.
    An htmx request is sent there as a whole page (HX-Redirect)."""

    OPEN = {"mfa_setup", "mfa_verify", "logout", "set_language", "login", "healthz",
            "healthz_live", "healthz_ready"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not self._passed(request):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in self.OPEN:
                return self._send_to(request)
        return self.get_response(request)

    def _passed(self, request):
        if mfa.session_is_verified(request):
            return True
        if mfa.has_totp(request.user):
            request._mfa_page = "mfa_verify"
            return False
        if mfa.is_required(request.user):
            request._mfa_page = "mfa_setup"
            return False
        # Nothing to ask of this person: remembered for the rest of the session.
        request.session[mfa.SESSION_VERIFIED] = True
        return True

    def _send_to(self, request):
        target = resolve_url(request._mfa_page)
        back = request.get_full_path()
        if request.headers.get("HX-Request") == "true":
            current = request.headers.get("HX-Current-URL", "")
            back = urlsplit(current).path if current else "/"
            response = HttpResponse(status=200)
            response["HX-Redirect"] = f"{target}?{urlencode({REDIRECT_FIELD_NAME: back})}"
        else:
            response = HttpResponseRedirect(f"{target}?{urlencode({REDIRECT_FIELD_NAME: back})}")
        add_never_cache_headers(response)
        return response


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session has expired gets the login page as a whole page.

    Without this, the redirect to the login page (from LoginRequiredMiddleware or a
    `login_required` view, which this middleware wraps) is followed by htmx and the
    login form is swapped into a fragment of the page. Instead, for an anonymous htmx
    request that is being sent to log in, the answer is `200` with
    `HX-Redirect: <login url>?next=<the page the person is on>` (from `HX-Current-URL`,
    when it is on this site), so after logging in they are back on the same page.
    Anything else passes through untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true" or request.user.is_authenticated:
            return response
        login_url = resolve_url(settings.LOGIN_URL)
        if response.status_code not in (301, 302, 303, 307, 308):
            return response
        if urlsplit(response.get("Location", "")).path != urlsplit(login_url).path:
            return response
        redirect = HttpResponse(status=200)
        redirect["HX-Redirect"] = _login_url_back_to(request, login_url)
        add_never_cache_headers(redirect)
        return redirect


def _login_url_back_to(request, login_url):
    current = request.headers.get("HX-Current-URL", "")
    if current and url_has_allowed_host_and_scheme(
        current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(current)
        back = parts.path + (f"?{parts.query}" if parts.query else "")
        return f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: back})}"
    return login_url
