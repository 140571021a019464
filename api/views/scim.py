"""SCIM 2.0 `/scim/v2/Users` (RFC 7643/7644), the subset identity providers use to
provision: create, get, replace, patch `active`, list with `filter=userName eq "..."`
(or externalId). Mapping and decisions are talent/scim.py's; here is the protocol:
SCIM's media type, its list and error documents (RFC 7644 §3.4.2, §3.12)."""

import re

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, parsers, renderers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from talent import scim

from ..models import Scope
from ..problems import flatten
from .base import ApiViewMixin

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
MEDIA_TYPE = "application/scim+json"
# Attributes RFC 7643 defines for a User: accepted, and ignored where not mapped. An
# attribute outside them is a client error (a typo must not be dropped silently).
KNOWN = {"schemas", "id", "externalid", "meta", "username", "name", "displayname",
         "nickname", "profileurl", "title", "usertype", "preferredlanguage", "locale",
         "timezone", "active", "password", "emails", "phonenumbers", "ims", "photos",
         "addresses", "groups", "entitlements", "roles", "x509certificates", ENTERPRISE.lower()}
FILTER = re.compile(r'^\s*(userName|externalId)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)
MAX_COUNT = 200


class ScimError(exceptions.APIException):
    def __init__(self, status_code, detail, scim_type=""):
        self.status_code = status_code
        self.scim_type = scim_type
        super().__init__(detail)


class ScimJSONParser(parsers.JSONParser):
    media_type = MEDIA_TYPE


class ScimJSONRenderer(renderers.JSONRenderer):
    media_type = MEDIA_TYPE


def scim_exception_handler(exc, context):
    """Every refusal as a SCIM error document (RFC 7644 §3.12)."""
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.http import Http404

    scim_type = getattr(exc, "scim_type", "")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("No such user."))
    elif isinstance(exc, scim.ScimConflict):
        exc, scim_type = ScimError(409, str(exc)), "uniqueness"
    elif isinstance(exc, DjangoValidationError):
        exc, scim_type = ScimError(400, "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
        )), "invalidValue"
    elif isinstance(exc, exceptions.ParseError):
        scim_type = "invalidSyntax"
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        exc.status_code = 401
        headers["WWW-Authenticate"] = 'Bearer realm="scim"'
    detail = exc.detail
    if isinstance(detail, list | dict):
        detail = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"]
                           for e in flatten(detail))
    body = {"schemas": [ERROR], "status": str(exc.status_code), "detail": str(detail)}
    if scim_type:
        body["scimType"] = scim_type
    return Response(body, status=exc.status_code, headers=headers, content_type=MEDIA_TYPE)


class ScimViewMixin(ApiViewMixin):
    parser_classes = [ScimJSONParser, parsers.JSONParser]
    renderer_classes = [ScimJSONRenderer, renderers.JSONRenderer]

    def get_exception_handler(self):
        return scim_exception_handler

    def query_parameters(self):
        return None  # providers send attributes, excludedAttributes...: ignored here

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.get("Content-Type", "").startswith("application/json"):
            response["Content-Type"] = MEDIA_TYPE
        return response


def _document(request, employee):
    body = {
        "schemas": [CORE],
        "id": str(employee.pk),
        "externalId": employee.employee_id,
        "userName": scim.user_name_of(employee),
        "name": {"formatted": employee.name},
        "displayName": employee.name,
        "active": employee.active,
        "meta": {"resourceType": "User",
                 "location": request.build_absolute_uri(f"/scim/v2/Users/{employee.pk}")},
    }
    if employee.email:
        body["emails"] = [{"value": employee.email, "type": "work", "primary": True}]
    identity = getattr(employee, "scim", None)
    if identity is not None:
        body["meta"]["created"] = identity.created_at.isoformat()
        body["meta"]["lastModified"] = identity.modified_at.isoformat()
    return body


def _user_data(body):
    """The SCIM User document as talent.scim.UserData (every problem at once)."""
    if not isinstance(body, dict):
        raise ScimError(400, _("The body must be a SCIM User object."), "invalidSyntax")
    problems = []
    if CORE not in (body.get("schemas") or []):
        problems.append(_("schemas must include %(urn)s.") % {"urn": CORE})
    unknown = sorted(key for key in body if key.lower() not in KNOWN)
    if unknown:
        problems.append(_("Unknown attributes: %(names)s.") % {"names": ", ".join(unknown)})
    lowered = {key.lower(): value for key, value in body.items()}
    texts = {}
    for key in ("username", "externalid", "displayname"):
        value = lowered.get(key, "")
        if value is not None and not isinstance(value, str):
            problems.append(_("%(name)s must be a string.") % {"name": key})
            value = ""
        texts[key] = (value or "").strip()
    name = lowered.get("name") or {}
    if not isinstance(name, dict):
        problems.append(_("name must be an object."))
        name = {}
    formatted = name.get("formatted") or " ".join(
        part for part in (name.get("givenName"), name.get("familyName"))
        if isinstance(part, str) and part)
    emails = lowered.get("emails") or []
    if not isinstance(emails, list) or not all(isinstance(e, dict) for e in emails):
        problems.append(_("emails must be a list of objects."))
        emails = []
    email = next((e.get("value") for e in emails if e.get("primary")), None) or next(
        (e.get("value") for e in emails), "")
    active = lowered.get("active", True)
    if not isinstance(active, bool):
        problems.append(_("active must be true or false."))
    enterprise = lowered.get(ENTERPRISE.lower()) or {}
    if not isinstance(enterprise, dict):
        problems.append(_("The enterprise extension must be an object."))
        enterprise = {}
    if problems:
        raise ScimError(400, " ".join(problems), "invalidValue")
    return scim.UserData(
        user_name=texts["username"],
        external_id=texts["externalid"] or str(enterprise.get("employeeNumber") or ""),
        name=(texts["displayname"] or formatted or "").strip(), email=(email or "").strip(),
        active=active, department=str(enterprise.get("department") or ""))


class ScimUsers(ScimViewMixin, APIView):
    required_scopes = {"GET": Scope.SCIM, "POST": Scope.SCIM}
    required_perms = {"GET": "talent.view_employee", "POST": "talent.add_employee"}

    @extend_schema(
        parameters=[
            OpenApiParameter("filter", str, description='Only `userName eq "..."` or '
                             '`externalId eq "..."`.'),
            OpenApiParameter("startIndex", int), OpenApiParameter("count", int),
        ],
        operation_id="scim_users_list", responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        users = scim.employees().order_by("pk")
        given = request.query_params.get("filter")
        if given is not None:
            match = FILTER.match(given)
            if match is None:
                raise ScimError(400, _('Only the filters userName eq "..." and externalId eq '
                                       '"..." are supported.'), "invalidFilter")
            attribute, value = match.group(1).lower(), re.sub(r"\\(.)", r"\1", match.group(2))
            users = (scim.find_by_user_name(value) if attribute == "username"
                     else scim.find_by_external_id(value))
        start, count = _positive(request, "startIndex", 1), _positive(request, "count", 100)
        count = min(count, MAX_COUNT)
        total = users.count()
        page = list(users[start - 1:start - 1 + count])
        return Response({"schemas": [LIST], "totalResults": total, "startIndex": start,
                         "itemsPerPage": len(page),
                         "Resources": [_document(request, e) for e in page]})

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        employee = scim.create_user(_user_data(request.data))
        body = _document(request, employee)
        return Response(body, status=status.HTTP_201_CREATED,
                        headers={"Location": body["meta"]["location"]})


def _positive(request, name, default):
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ScimError(400, _("%(name)s must be a whole number.") % {"name": name},
                        "invalidValue") from None
    return max(value, 1 if name == "startIndex" else 0)


class ScimUser(ScimViewMixin, APIView):
    required_scopes = {"GET": Scope.SCIM, "PUT": Scope.SCIM, "PATCH": Scope.SCIM}
    required_perms = {"GET": "talent.view_employee", "PUT": "talent.change_employee",
                      "PATCH": "talent.change_employee"}

    def _employee(self, pk):
        return get_object_or_404(scim.employees(), pk=pk)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk):
        return Response(_document(request, self._employee(pk)))

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT})
    def put(self, request, pk):
        employee = self._employee(pk)
        return Response(_document(request, scim.replace_user(employee,
                                                             _user_data(request.data))))

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT})
    def patch(self, request, pk):
        employee = self._employee(pk)
        active = _active_from_patch(request.data)
        return Response(_document(request, scim.set_active(employee, active)))


def _active_from_patch(body):
    """The value of `active` a PatchOp sets: the only attribute this subset patches.
    Okta sends {"op": "replace", "value": {"active": false}}, Azure
    {"op": "Replace", "path": "active", "value": "False"}."""
    if not isinstance(body, dict) or PATCH_OP not in (body.get("schemas") or []):
        raise ScimError(400, _("The body must be a PatchOp (%(urn)s).") % {"urn": PATCH_OP},
                        "invalidSyntax")
    unknown = sorted(key for key in body if key.lower() not in ("schemas", "operations"))
    if unknown:
        raise ScimError(400, _("Unknown attributes: %(names)s.") % {"names": ", ".join(unknown)},
                        "invalidSyntax")
    operations = next((value for key, value in body.items() if key.lower() == "operations"),
                      None)
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, _("Operations must be a non-empty list."), "invalidSyntax")
    active = None
    for operation in operations:
        if not isinstance(operation, dict) or str(operation.get("op", "")).lower() not in (
                "replace", "add"):
            raise ScimError(400, _("Only replace (or add) of active is supported."),
                            "invalidPath")
        unknown = sorted(key for key in operation if key.lower() not in ("op", "path", "value"))
        if unknown:
            raise ScimError(400, _("Unknown attributes: %(names)s.")
                            % {"names": ", ".join(unknown)}, "invalidSyntax")
        path, value = operation.get("path"), operation.get("value")
        if path is None and isinstance(value, dict) and set(value) == {"active"}:
            value = value["active"]
        elif not (isinstance(path, str) and path.lower() == "active"):
            raise ScimError(400, _("Only the attribute active can be patched."),
                            "invalidPath")
        if isinstance(value, str) and value.lower() in ("true", "false"):
            value = value.lower() == "true"
        if not isinstance(value, bool):
            raise ScimError(400, _("active must be true or false."), "invalidValue")
        active = value
    return active


class ServiceProviderConfig(ScimViewMixin, APIView):
    """What this SCIM service supports (RFC 7643 §5), for providers that ask."""

    required_scopes = {"GET": Scope.SCIM}
    required_perms = {"GET": "talent.view_employee"}

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": {"supported": True}, "bulk": {"supported": False, "maxOperations": 0,
                                                   "maxPayloadSize": 0},
            "filter": {"supported": True, "maxResults": MAX_COUNT},
            "changePassword": {"supported": False}, "sort": {"supported": False},
            "etag": {"supported": False},
            "authenticationSchemes": [{"type": "oauthbearertoken", "name": "Bearer token",
                                       "description": "A token with the scim scope."}],
        })
