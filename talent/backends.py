"""The password sign-in: Django's, refusing a login whose employee record is inactive."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .accounts import account_is_usable
from .sso import password_login_allowed


class AccountBackend(ModelBackend):
    """ModelBackend that also refuses a login whose employee left, and drops such a
    login's session, even if its `is_active` was not brought in line by
    talent/accounts.py (a bulk update elsewhere, a hand edit in the database)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        # With SSO on and password login off for employees, only break-glass accounts.
        return user if user is not None and password_login_allowed(user) else None

    def user_can_authenticate(self, user):
        return account_is_usable(user)

    def get_user(self, user_id):
        model = get_user_model()
        try:
            # The employee comes along: every page asks for it (roles, home).
            user = model._default_manager.select_related("employee").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
