"""The second factor: TOTP (an authenticator app) and recovery codes, through allauth.mfa.

Who must have one: HR, bank admins and superusers (they see everyone's results); anyone
else may opt in. A session passes the second factor once per sign-in: by a code at
`/accounts/2fa/verify/`, or by setting one up (a person who must have one and has none
is sent to `/accounts/2fa/setup/` before any other page, the admin included; see
`MfaMiddleware` in talent/middleware.py).

allauth.mfa keeps the secrets (`Authenticator` rows) and checks the codes (a TOTP code is
accepted once); this module decides who needs what.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, validate_totp_code
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .roles import is_bank_staff, is_hr_staff

SESSION_VERIFIED = "_mfa_verified"
SESSION_PENDING_SECRET = "_mfa_pending_secret"  # noqa: S105 (a session key)


def is_required(user):
    return settings.MFA_REQUIRED_FOR_STAFF and (is_hr_staff(user) or is_bank_staff(user))


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_is_verified(request):
    return bool(request.session.get(SESSION_VERIFIED))


def mark_verified(request):
    request.session[SESSION_VERIFIED] = True
    request.session.cycle_key()


def pending_secret(request):
    """The secret being set up, kept in the session until a code from it is confirmed."""
    secret = request.session.get(SESSION_PENDING_SECRET)
    if not secret:
        secret = request.session[SESSION_PENDING_SECRET] = generate_totp_secret()
    return secret


def qr_code_data_uri(user, secret):
    """The otpauth:// link as an SVG image in a data: URI (no request leaves the site)."""
    url = get_mfa_adapter().build_totp_url(user, secret)
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def activate(request, code):
    """Confirm the pending secret with a code from the app; on success the TOTP is on,
    recovery codes exist, the session is verified; returns the recovery codes or None."""
    secret = request.session.get(SESSION_PENDING_SECRET)
    if not secret or not validate_totp_code(secret, code.strip()):
        return None
    with transaction.atomic():
        Authenticator.objects.filter(user=request.user,
                                     type=Authenticator.Type.TOTP).delete()
        # Checking the code against the new device marks it used: not accepted again.
        TOTP.activate(request.user, secret).validate_code(code.strip())
        codes = RecoveryCodes.activate(request.user).get_unused_codes()
    del request.session[SESSION_PENDING_SECRET]
    mark_verified(request)
    return codes


def _failures_key(user):
    return f"mfa-code-failures:{user.pk}"


def too_many_failures(user):
    """Whether this login has entered MFA_CODE_FAILURE_LIMIT wrong codes within the
    cool-off: then no code is checked, not even a right one, until it is over. Counted
    per login, not per address, so spreading the guesses over many addresses gains
    nothing; only someone who already has the password can lock the person out."""
    return (cache.get(_failures_key(user)) or 0) >= settings.MFA_CODE_FAILURE_LIMIT


def _count_failure(user):
    key = _failures_key(user)
    cache.add(key, 0, timeout=settings.MFA_CODE_COOLOFF_MINUTES * 60)
    try:
        cache.incr(key)
    except ValueError:  # expired in between: this failure starts a new count
        cache.add(key, 1, timeout=settings.MFA_CODE_COOLOFF_MINUTES * 60)


def verify(request, code):
    """Check a TOTP code (each accepted once) or an unused recovery code; a wrong one
    counts towards `too_many_failures`, a right one clears the count."""
    if too_many_failures(request.user):
        return False
    code = code.strip().replace(" ", "")
    if not code:
        return False
    for authenticator in Authenticator.objects.filter(user=request.user):
        if authenticator.type == Authenticator.Type.TOTP:
            ok = TOTP(authenticator).validate_code(code)
        elif authenticator.type == Authenticator.Type.RECOVERY_CODES:
            ok = RecoveryCodes(authenticator).validate_code(code)
        else:
            ok = False
        if ok:
            cache.delete(_failures_key(request.user))
            mark_verified(request)
            return True
    _count_failure(request.user)
    return False


def unused_recovery_codes(user):
    instance = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    return RecoveryCodes(instance).get_unused_codes() if instance else []


def deactivate(user):
    """Turn the second factor off (only for someone who does not need one)."""
    Authenticator.objects.filter(user=user).delete()
