"""The schema and its browsable docs, served from this site (drf-spectacular-sidecar's
Swagger UI files, no CDN) under the site's strict CSP: the page has no inline script or
style (the start-up script is its own URL, the page's few styles a static file)."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    # The schema describes an open-source product's API: nothing in it is private.
    permission_classes = [AllowAny]
    authentication_classes = []


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    authentication_classes = []
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
