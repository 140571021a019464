"""What every API view shares: its permission classes named (never the deny-all
default by accident), a body size limit, query parameters it knows (a misspelt filter is
refused, never ignored: ignored, it would answer with everyone), cursor pagination that
holds at any size."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination
from rest_framework.settings import api_settings

from ..permissions import TokenScopeAndRole
from ..problems import PayloadTooLarge


class ApiViewMixin:
    """Mix into an APIView: `required_scopes` and `required_perms` by method."""

    permission_classes = [TokenScopeAndRole]
    required_scopes: dict = {}
    required_perms: dict = {}

    def max_body_bytes(self):
        return settings.API_MAX_BODY_BYTES

    def query_parameters(self):
        """The query parameters a GET may carry: the filters, the cursor's, `format`.
        None: any (SCIM's, whose providers send attributes this subset ignores)."""
        names = {api_settings.URL_FORMAT_OVERRIDE}
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None:
            names |= set(filterset.base_filters)
        pagination = getattr(self, "pagination_class", None)
        if pagination is not None:
            names |= {getattr(pagination, "cursor_query_param", None),
                      getattr(pagination, "page_size_query_param", None)}
        return names - {None}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        known = self.query_parameters()
        if request.method in ("GET", "HEAD") and known is not None:
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                raise exceptions.ValidationError({
                    name: [_("Unknown query parameter.")] for name in unknown})
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.max_body_bytes():
            raise PayloadTooLarge(self.max_body_bytes())


class Cursor(CursorPagination):
    """Keyset pagination: page 1,000 costs what page 1 costs."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = "pk"


def cursor_by(field):
    return type(f"CursorBy{field.title()}", (Cursor,), {"ordering": field})
