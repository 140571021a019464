"""Signing in by password: the invitation to set one, reset, change; HR's logins page.

Django's own views and token machinery do the work; these choose the tokens, the
templates, who may use a link, and send every email in both languages.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from . import accounts, invitations, sso
from .models import Employee, LoginInvitation, User
from .tasks import invite_after_commit

BACKEND = "talent.backends.AccountBackend"
ROWS_PER_PAGE = 50


class _UsableAccountMixin:
    """A link for a login that may not be used (a leaver) is no link at all."""

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and accounts.account_is_usable(user) else None


class SetPasswordFromInvitationView(_UsableAccountMixin, auth_views.PasswordResetConfirmView):
    token_generator = invitations.invitation_tokens
    template_name = "registration/invitation_set_password.html"
    post_reset_login = True
    post_reset_login_backend = BACKEND
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Welcome!"))
        return response


class AccountPasswordResetForm(PasswordResetForm):
    """Django's reset form, also for a provisioned login whose person never set a
    password (they lost the invitation), never for a leaver; the email in both
    languages."""

    def get_users(self, email):
        if not _reset_allowed(email):
            return  # the same answer as for any address: nothing says it was throttled
        candidates = User.objects.select_related("employee").filter(
            Q(email__iexact=email) | Q(employee__email__iexact=email), is_active=True
        ).distinct()
        for user in candidates:
            if not accounts.account_is_usable(user) or not sso.password_login_allowed(user):
                continue
            # The link goes to the address HR keeps for the person (the login's own email
            # stays as it is: the token hashes it).
            employee = getattr(user, "employee", None)
            user.reset_address = employee.email if employee is not None and employee.email \
                else user.email
            if user.reset_address.lower() == email.lower():
                yield user

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        context = {**context, "site_url": settings.SITE_URL.rstrip("/"),
                   "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        subjects, bodies = [], []
        for language in invitations.EMAIL_LANGUAGES:
            with translation.override(language):
                subjects.append(render_to_string(subject_template_name, context).strip())
                bodies.append(render_to_string(email_template_name, context).strip())
        to_email = getattr(context["user"], "reset_address", "") or to_email
        EmailMultiAlternatives(" / ".join(subjects), "\n\n----------\n\n".join(bodies) + "\n",
                               from_email, [to_email]).send()


def _reset_allowed(email):
    """At most PASSWORD_RESET_PER_HOUR reset emails to one address an hour, so that the
    form cannot be used to flood someone's mailbox."""
    key = f"password-reset:{email.strip().lower()}"
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) <= settings.PASSWORD_RESET_PER_HOUR
    except ValueError:  # expired in between
        return True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = AccountPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(_UsableAccountMixin, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
password_change = PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view()
set_password_from_invitation = login_not_required(SetPasswordFromInvitationView.as_view())


# HR: who can sign in, who cannot, and why ----------------------------------------

LOGIN_STATES = {
    "awaiting": (gettext_lazy("Invited, password not set yet"), Employee.objects.awaiting_password),
    "failed": (gettext_lazy("Invitation failed"), None),
    "without_login": (gettext_lazy("No login yet"), Employee.objects.without_login),
    "unreachable": (gettext_lazy("No email address (unreachable)"), Employee.objects.unreachable),
}


def _rows(state):
    if state == "failed":
        # Failed to send, or sent and then refused by the recipient's server (reported
        # by the mail provider, talent/mail.py).
        return (Employee.objects.awaiting_password().with_last_invitation()
                .filter(Q(invitation_status=LoginInvitation.Status.FAILED)
                        | Q(invitation_delivery__in=LoginInvitation.UNDELIVERED)))
    return LOGIN_STATES[state][1]().with_last_invitation()


@require_GET
@permission_required("talent.manage_logins", raise_exception=True)
def logins(request):
    state = request.GET.get("state", "awaiting")
    if state not in LOGIN_STATES:
        state = "awaiting"
    rows = _rows(state).select_related("department", "user").order_by("employee_id")
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    for employee in page:
        employee.invitation_reason = LoginInvitation.REASONS.get(
            employee.invitation_error, employee.invitation_error)
    tabs = [(key, str(label), _rows(key).count()) for key, (label, _query) in LOGIN_STATES.items()]
    return render(request, "talent/org/logins.html", {
        "state": state, "tabs": tabs, "page": page, "page_query": f"state={state}",
        "days": settings.LOGIN_INVITATION_DAYS, "undelivered": LoginInvitation.UNDELIVERED,
    })


@require_POST
@permission_required("talent.manage_logins", raise_exception=True)
def resend_invitation(request, user_id):
    employee = get_object_or_404(Employee.objects.awaiting_password(), user_id=user_id)
    invitation = invitations.send_again(employee.user_id, by=request.user)
    if invitation.status == LoginInvitation.Status.SENT:
        messages.success(request, _("A new invitation was sent to %(email)s.")
                         % {"email": invitation.recipient})
    else:
        messages.error(request, _("The invitation to %(email)s could not be sent: %(reason)s")
                       % {"email": invitation.recipient or employee.name,
                          "reason": invitation.reason()})
    return redirect(reverse("talent:logins") + "?state=awaiting")


@require_POST
@permission_required("talent.manage_logins", raise_exception=True)
def provision(request):
    """Create logins for every active employee with an email and none, and invite them
    (people imported before logins were provisioned, or added in the admin)."""
    created = accounts.provision_logins(
        Employee.objects.without_login().values_list("pk", flat=True))
    invite_after_commit(user.pk for user in created)
    messages.success(request, ngettext(
        "%(count)s login created; an invitation to set a password is on its way.",
        "%(count)s logins created; an invitation to set a password is on its way to each.",
        len(created)) % {"count": len(created)})
    return redirect("talent:logins")
