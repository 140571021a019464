"""Errors as RFC 9457 problem documents, mapped once for the whole API.

Every refusal the API gives is `application/problem+json`: `type`, `title`, `status`,
`detail`, `instance`, and for invalid input `errors` (one entry per field and problem,
all at once). Titles and details are in the request's language (LocaleMiddleware reads
Accept-Language). The site's own refusals (`CampaignRefused`, Django's
`ValidationError`, `PermissionDenied`, `Http404`) are mapped here too, so views raise
them as the site's views do.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response

from assessments.services.campaigns import CampaignRefused

PROBLEM_TYPE = "about:blank"
CONTENT_TYPE = "application/problem+json"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self, limit):
        super().__init__(_("The request body is larger than the limit of %(limit)s bytes.")
                         % {"limit": limit})


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def titles():
    return {
        400: _("Invalid request"),
        401: _("Authentication needed"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        409: _("Conflict"),
        413: _("Request too large"),
        415: _("Unsupported content type"),
        429: _("Too many requests"),
        500: _("Server error"),
    }


def problem(status_code, detail, *, instance="", errors=None, headers=None, extra=None):
    body = {
        "type": PROBLEM_TYPE,
        "title": titles().get(status_code, _("Error")),
        "status": status_code,
        "detail": str(detail),
    }
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    if extra:
        body.update(extra)
    return Response(body, status=status_code, headers=headers, content_type=CONTENT_TYPE)


def flatten(detail, prefix=""):
    """DRF's nested error detail as a flat list of {"field", "message"}."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            out += flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name)
        return out
    if isinstance(detail, list):
        out = []
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                out += flatten(value, f"{prefix}[{index}]")
            else:
                out += flatten(value, prefix)
        return out
    return [{"field": prefix, "message": str(detail)}]


def exception_handler(exc, context):
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, CampaignRefused):
        exc = Conflict(str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages})
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's 500 handling and logging take it
    headers = {}
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
        exc.status_code = status.HTTP_401_UNAUTHORIZED
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(int(exc.wait) + 1)
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(exc.detail)
        detail = ngettext("The request has %(count)s problem; it is listed in errors.",
                          "The request has %(count)s problems; each is listed in errors.",
                          len(errors)) % {"count": len(errors)}
        return problem(exc.status_code, detail,
                       instance=instance, errors=errors, headers=headers)
    detail = exc.detail
    if isinstance(detail, list | dict):
        return problem(exc.status_code, _("See errors."), instance=instance,
                       errors=flatten(detail), headers=headers)
    return problem(exc.status_code, detail, instance=instance, headers=headers)


# Django's own error pages, for what never reaches a DRF view or escapes it: a path under
# /api/ or /scim/ that no route matches, a request Django cannot read (too many fields, a
# body over DATA_UPLOAD_MAX_MEMORY_SIZE), a bug. Under the API they answer a problem
# document (a SCIM error document under /scim/), in the request's language; the site
# keeps its pages. Named in config/urls.py (handler400, handler404, handler500).

SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def _for_machines(request, status_code, detail):
    if request.path.startswith("/scim/"):
        return JsonResponse({"schemas": [SCIM_ERROR], "status": str(status_code),
                             "detail": str(detail)}, status=status_code,
                            content_type="application/scim+json")
    if request.path.startswith("/api/"):
        return JsonResponse({"type": PROBLEM_TYPE,
                             "title": titles().get(status_code, _("Error")),
                             "status": status_code, "detail": str(detail),
                             "instance": request.path},
                            status=status_code, content_type=CONTENT_TYPE)
    return None


def bad_request(request, exception, **kwargs):
    return (_for_machines(request, 400, exceptions.ParseError.default_detail)
            or defaults.bad_request(request, exception, **kwargs))


def page_not_found(request, exception, **kwargs):
    return (_for_machines(request, 404, exceptions.NotFound.default_detail)
            or defaults.page_not_found(request, exception, **kwargs))


def server_error(request, **kwargs):
    return (_for_machines(request, 500, exceptions.APIException.default_detail)
            or defaults.server_error(request, **kwargs))
