"""Issue, find and revoke API tokens.

A token is `tk_` followed by 40 random URL-safe characters (240 bits). It is stored as
its SHA-256: a slow password hash buys nothing against a secret that random, and the
lookup must be one indexed query per request.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from talent.roles import role_names

from .models import ApiToken, Scope

PREFIX = "tk_"


def hash_of(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def may_issue_for(creator, user):
    """A token acts with its user's role, so nobody issues one that would let them act
    with a staff role they do not hold themselves (superusers may issue any)."""
    if creator.is_superuser:
        return True
    if user.is_superuser:
        return False
    staff_roles = set(role_names(user)) - {"employee", "manager"}
    return staff_roles <= set(role_names(creator))


def issue(user, *, name, scopes, days, created_by=None):
    """Create a token; returns (token row, the secret). Every problem at once."""
    problems = {}
    unknown = sorted(set(scopes) - set(Scope.values))
    if not scopes:
        problems["scopes"] = _("Choose at least one scope.")
    elif unknown:
        problems["scopes"] = _("Unknown scopes: %(names)s.") % {"names": ", ".join(unknown)}
    if not name.strip():
        problems["name"] = _("Give the token a name that says which system uses it.")
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        problems["days"] = _("A token lives between 1 and %(max)s days.") % {
            "max": settings.API_TOKEN_MAX_DAYS}
    if not user.is_active:
        problems["user"] = _("This login is deactivated.")
    elif created_by is not None and not may_issue_for(created_by, user):
        problems["user"] = _("You cannot issue a token for a login with a role you do not "
                             "hold yourself.")
    if problems:
        raise ValidationError(problems)
    raw = PREFIX + secrets.token_urlsafe(30)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=raw[:10], key_hash=hash_of(raw),
        scopes=sorted(set(scopes)), created_by=created_by, created_at=now,
        expires_at=now + datetime.timedelta(days=days))
    return token, raw


def find(raw):
    """The token row for a secret (revoked and expired included), or None."""
    if not raw.startswith(PREFIX):
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=hash_of(raw)).first()


def revoke(token_id, *, now=None):
    """Revoke a token (once: revoking again keeps the first moment)."""
    return ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now())


def visible_to(user):
    """The tokens a staff member manages: superusers all; HR the ones they could issue."""
    tokens = ApiToken.objects.select_related("user", "created_by")
    if user.is_superuser:
        return tokens
    return tokens.filter(Q(user=user) | Q(created_by=user))
