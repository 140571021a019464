"""The schema and its browsable docs, served from this site (drf-spectacular-sidecar's
Swagger UI files, no CDN) under the site's strict CSP: the page has no inline script or
style (the start-up script is its own URL, the page's few styles a static file)."""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


class SchemaView(SpectacularAPIView):
    # The schema describes an open-source product's API: nothing in it is private.
    permission_classes = [AllowAny]
    authentication_classes = []


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    authentication_classes = []
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"


class NotFound(APIView):
    """Any other path under /api/v1/: a problem document, not the site's HTML page."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(exclude=True)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()
