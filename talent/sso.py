"""Single sign-on with the organisation's OpenID Connect provider (docs/identity.md).

django-allauth runs the protocol (state, PKCE, the code exchange, the ID token); this
module adds the `nonce` allauth's client does not send (`NonceProvider`, `callback`) and
decides who the identity is. At the first sign-in the identity is linked to
exactly one active employee: by a claim carrying the employee id (`OIDC_EMPLOYEE_ID_CLAIM`)
or else by a verified email. No match, several matches, an unverified email or an
inactive employee: refused with a plain message, and nothing is created. Later sign-ins
use the link, and are refused once the employee has left. Nobody signs up through SSO:
logins come from the org import (talent/accounts.py).
"""

import hmac
import logging
import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import accounts
from .models import Employee

logger = logging.getLogger(__name__)

PROVIDER_ID = "oidc"

REFUSALS = {
    "no_match": _("Your organisation account does not match any employee here. Ask HR to "
                  "check the email address (or employee id) they hold for you."),
    "several": _("Your organisation account matches more than one employee here, so we "
                 "cannot tell who you are. Ask HR to correct the employee records."),
    "unverified": _("Your organisation has not verified the email address of your account, "
                    "so it cannot be used to sign you in. Ask your IT department."),
    "inactive": _("Your access has ended. If you think this is a mistake, contact HR."),
    "failed": _("The sign-in could not be completed: the link was not valid, was used "
                "twice, or has expired. Please start again from the login page."),
}


def sso_enabled():
    return bool(settings.OIDC_ISSUER)


def password_login_allowed(user):
    """With SSO on and PASSWORD_LOGIN_FOR_EMPLOYEES off, only superusers (the break-glass
    accounts) may sign in with a password."""
    if not sso_enabled() or settings.PASSWORD_LOGIN_FOR_EMPLOYEES:
        return True
    return user.is_superuser


def refuse(request, reason, status=403):
    logger.info("SSO sign-in refused: %s", reason)
    return ImmediateHttpResponse(render(
        request, "registration/sso_refused.html", {"message": REFUSALS[reason]}, status=status,
    ))


def claims_of(sociallogin):
    """The identity's claims: the userinfo answer over the ID token's."""
    data = sociallogin.account.extra_data or {}
    if "userinfo" in data or "id_token" in data:
        return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    return data


def _matching_employees(claims):
    claim = settings.OIDC_EMPLOYEE_ID_CLAIM
    if claim:
        value = str(claims.get(claim) or "").strip()
        return Employee.objects.filter(employee_id=value) if value else Employee.objects.none()
    email = str(claims.get("email") or "").strip()
    if not email:
        return Employee.objects.none()
    return Employee.objects.filter(email__iexact=email)


def employee_for(request, claims):
    """The one active employee this identity is; raises the refusal otherwise."""
    if not settings.OIDC_EMPLOYEE_ID_CLAIM and claims.get("email_verified") is not True:
        raise refuse(request, "unverified")
    matching = _matching_employees(claims)
    # Only the active ones count: earlier records of a rehired person (left, with the
    # same email) neither hide the current one nor make it ambiguous.
    active = list(matching.filter(active=True).select_related("user")[:2])
    if len(active) > 1:
        raise refuse(request, "several")
    if not active:
        raise refuse(request, "inactive" if matching.exists() else "no_match")
    return active[0]


# The nonce (OpenID Connect Core 3.1.2.1 and 3.1.3.7): a random value sent in the
# authorization request and kept in allauth's state for this sign-in (in the session, next
# to the PKCE verifier; a state is used once). The ID token must carry it back, so a token
# issued for another sign-in (or another browser) cannot be slipped into this one.
# allauth 65.22 sends none; these three pieces add it, and are tied to that pinned version
# (OAuth2Provider.redirect passes extra keywords into the stashed state, and
# OAuth2CallbackView._get_state unstashes it before the ID token is decoded).


class NonceProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider (in its place: talent/apps.py) that sends a
    fresh nonce with each authorization request and keeps it in the state."""

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        return super().redirect(request, process, next_url, data,
                                auth_params={**auth_params, "nonce": nonce}, nonce=nonce,
                                **kwargs)


class NonceCheckingAdapter(OpenIDConnectOAuth2Adapter):
    """Refuses an ID token whose `nonce` is missing or not the one this sign-in sent, and
    a token answer without an ID token (whose nonce could not be checked)."""

    expected_nonce = None  # set from the state by CallbackView

    def complete_login(self, request, app, token, **kwargs):
        if not kwargs["response"].get("id_token"):
            raise OAuth2Error("the provider sent no ID token")
        return super().complete_login(request, app, token, **kwargs)

    def _decode_id_token(self, app, id_token):
        claims = super()._decode_id_token(app, id_token)
        # Fail closed: no expected nonce (a state from before this code) is a refusal.
        if not self.expected_nonce or not hmac.compare_digest(
                str(claims.get("nonce") or ""), self.expected_nonce):
            raise OAuth2Error("the ID token's nonce is missing or not this sign-in's")
        return claims


class CallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.expected_nonce = (state or {}).get("nonce")
        return state, response


@login_not_required
def callback(request, provider_id):
    """allauth's OpenID Connect callback, with the nonce checked (config/urls.py)."""
    try:
        return CallbackView.adapter_view(NonceCheckingAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing:
            if not accounts.account_is_usable(sociallogin.user):
                raise refuse(request, "inactive")
            return
        employee = employee_for(request, claims_of(sociallogin))
        if employee.user is None:
            accounts.provision_logins([employee.pk])
            employee.refresh_from_db()
        if employee.user is None or not accounts.account_is_usable(employee.user):
            raise refuse(request, "inactive" if employee.user else "no_match")
        sociallogin.connect(request, employee.user)

    def is_open_for_signup(self, request, sociallogin):
        return False

    def on_authentication_error(self, request, provider, error=None, exception=None,
                                extra_context=None):
        logger.warning("SSO sign-in failed: %s %s", error, exception)
        raise refuse(request, "failed", status=400)


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up: logins come from the organisation (talent/accounts.py)."""

    def is_open_for_signup(self, request):
        return False

    def respond_user_inactive(self, request, user):
        raise refuse(request, "inactive")
