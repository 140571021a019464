"""Who may call what. Every API view names `permission_classes` itself; the default in
settings is `DenyAll`, so a view that forgets is closed.

`TokenScopeAndRole` asks two things of each request: the token carries the scope the
view names for the method (`required_scopes = {"GET": "org:read", ...}`), and the
token's user holds the site permission the view names (`required_perms`, the same names
the site's views ask, from talent/rules.py and assessments/rules.py). The scope narrows
a token; it never widens its user's role.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions

from .models import ApiToken


class DenyAll(permissions.BasePermission):
    def has_permission(self, request, view):
        return False


class TokenScopeAndRole(permissions.BasePermission):
    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            raise exceptions.NotAuthenticated()
        if not hasattr(view, request.method.lower()):
            return True  # no such operation: the view answers 405, having done nothing
        if request.method == "OPTIONS":
            # Describing a route is allowed to whoever may call any of its methods: a
            # POST-only route (outcomes) must not answer its own callers 403.
            methods = [m for m in view.required_scopes if m in view.required_perms]
            if any(token.has_scope(view.required_scopes[m])
                   and request.user.has_perm(view.required_perms[m]) for m in methods):
                return True
            method = methods[0] if methods else "GET"
        else:
            method = "GET" if request.method == "HEAD" else request.method
        scope = view.required_scopes.get(method)
        perm = view.required_perms.get(method)
        if scope is None or perm is None:
            return False
        if not token.has_scope(scope):
            raise exceptions.PermissionDenied(
                _("This token lacks the scope %(scope)s.") % {"scope": scope})
        if not request.user.has_perm(perm):
            raise exceptions.PermissionDenied(
                _("The token's user is not allowed to do this."))
        return True
