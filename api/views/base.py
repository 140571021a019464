"""What every API view shares: its permission classes named (never the deny-all
default by accident), a body size limit, cursor pagination that holds at any size."""

from django.conf import settings
from rest_framework.pagination import CursorPagination

from ..permissions import TokenScopeAndRole
from ..problems import PayloadTooLarge


class ApiViewMixin:
    """Mix into an APIView: `required_scopes` and `required_perms` by method."""

    permission_classes = [TokenScopeAndRole]
    required_scopes: dict = {}
    required_perms: dict = {}

    def max_body_bytes(self):
        return settings.API_MAX_BODY_BYTES

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
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
