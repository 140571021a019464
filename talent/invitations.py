"""Invitations to set the password of a new login (docs/identity.md).

A provisioned login (talent/accounts.py) has no usable password. Its person gets an
email, in both languages, with a one-time link to choose one: the link carries a token
from Django's password-reset machinery, with its own salt and lifetime
(`LOGIN_INVITATION_DAYS`). It stops working once a password is set (the token hashes
the password and the last login) or when it expires.

Every invitation sent or attempted is a `LoginInvitation` row, written before the email
goes out: the first invitation of a login is unique, so a retried task sends nothing
twice; HR's "send again" writes a new row each time it is pressed. A failed delivery
keeps the backend's error for HR (talent/views.py, the logins page).
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from . import mail
from .accounts import account_is_usable
from .models import LoginInvitation, User

logger = logging.getLogger(__name__)

EMAIL_LANGUAGES = ("en", "zh-hans")
ERROR_LENGTH = 1000


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Password-reset tokens with their own salt (a reset link is not an invitation, nor
    the reverse) and their own lifetime."""

    key_salt = "talent.invitations.InvitationTokenGenerator"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        age = self._num_seconds(self._now()) - timestamp
        return 0 <= age <= settings.LOGIN_INVITATION_DAYS * 24 * 3600


invitation_tokens = InvitationTokenGenerator()


def invitation_link(user):
    path = reverse("set_password_from_invitation", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": invitation_tokens.make_token(user),
    })
    return settings.SITE_URL.rstrip("/") + path


def _problem(user):
    if not user.email:
        return LoginInvitation.NO_EMAIL
    if not account_is_usable(user):
        return LoginInvitation.NOT_USABLE
    if user.has_usable_password():
        return LoginInvitation.HAS_PASSWORD
    return ""


def _render(user):
    context = {"user": user, "link": invitation_link(user), "site_url": settings.SITE_URL,
               "days": settings.LOGIN_INVITATION_DAYS}
    subjects, bodies = [], []
    for language in EMAIL_LANGUAGES:
        with translation.override(language):
            subjects.append(render_to_string("talent/email/login_invitation_subject.txt",
                                             context).strip())
            bodies.append(render_to_string("talent/email/login_invitation.txt",
                                           context).strip())
    return " / ".join(subjects), "\n\n----------\n\n".join(bodies) + "\n"


def send_first_invitation(user_id):
    """The first invitation of a new login (at most once, ever); the row, or None when
    there was nothing to do (no such login, or invited before)."""
    return _send(user_id, LoginInvitation.Kind.FIRST)


def send_again(user_id, *, by):
    """HR's "send again": a new invitation (the earlier links keep working until they
    expire or a password is set); the row, whatever became of the delivery."""
    return _send(user_id, LoginInvitation.Kind.RESENT, by=by)


def _send(user_id, kind, *, by=None):
    user = User.objects.select_related("employee").filter(pk=user_id).first()
    if user is None:
        return None
    problem = _problem(user)
    try:
        with transaction.atomic():
            invitation = LoginInvitation.objects.create(
                user=user, kind=kind, recipient=user.email, sent_by=by,
                status=LoginInvitation.Status.FAILED if problem else LoginInvitation.Status.SENDING,
                error=problem,
            )
    except IntegrityError:
        return None  # the first invitation was recorded by an earlier attempt
    if problem:
        return invitation
    subject, body = _render(user)
    try:
        invitation.provider_id = mail.send(subject, body, invitation.recipient)
    except Exception as exc:  # noqa: BLE001 - any backend error is a failed delivery
        logger.warning("login invitation %s to %s failed: %s", invitation.pk,
                       invitation.recipient, exc)
        invitation.status = LoginInvitation.Status.FAILED
        invitation.error = str(exc)[:ERROR_LENGTH] or repr(exc)
        invitation.save(update_fields=["status", "error"])
        return invitation
    invitation.status, invitation.sent_at = LoginInvitation.Status.SENT, timezone.now()
    invitation.save(update_fields=["status", "sent_at", "provider_id"])
    return invitation
