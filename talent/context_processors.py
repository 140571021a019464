from .roles import role_names


def roles(request):
    """Expose the user's roles to templates (for the navigation), computed lazily."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": []}
    return {"user_roles": role_names(user)}
