"""DRF views skip LoginRequiredMiddleware, so every API view names its own permission
classes (the deny-all default in settings is the net, not the plan)."""

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.views import APIView

from api.permissions import DenyAll


def api_views(patterns=None):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from api_views(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "cls", None)
            if view is not None and issubclass(view, APIView):
                yield view


def test_every_api_view_names_its_permission_classes():
    views = set(api_views())
    assert len(views) > 15
    for view in views:
        named = next(cls for cls in view.__mro__ if "permission_classes" in vars(cls))
        assert named is not APIView, f"{view.__name__} relies on the default"
        assert DenyAll not in view.permission_classes


def test_the_default_refuses_everything(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] == [
        "api.permissions.DenyAll"]
