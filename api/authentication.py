"""`Authorization: Bearer <token>`: the one way in to the API."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from talent import accounts

from . import tokens
from .models import ApiToken

# last_used_at is written at most this often per token (one UPDATE, not one per call).
LAST_USED_EVERY = datetime.timedelta(minutes=1)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        kind, _space, raw = header.partition(" ")
        if kind.lower() != "bearer":
            return None
        raw = raw.strip()
        if not raw or " " in raw:
            raise exceptions.AuthenticationFailed(_("The Authorization header must be "
                                                    "\"Bearer\" followed by one token."))
        token = tokens.find(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not known."))
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token was revoked."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not accounts.account_is_usable(token.user):
            # A deactivated login, or a leaver's: the token leaves with its person.
            raise exceptions.AuthenticationFailed(_("This token's login is deactivated."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearer"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A token from `manage.py create_api_token` or the site."}
