"""`POST /api/v1/org/sync`: a full snapshot of the organisation from the HR system, as
the org import's CSV or the equivalent JSON (talent/org_sync.py does the work)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from talent import org_import, org_sync
from talent.models import OrgSync
from talent.tasks import invite_after_commit

from ..models import Scope
from ..problems import problem
from .base import ApiViewMixin

KINDS = {"text/csv": "csv", "application/json": "json"}


class SnapshotEmployee(serializers.Serializer):
    """One employee of the JSON snapshot: the org import's columns (docs/org-import.md)."""

    employee_id = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField(required=False, allow_blank=True)
    department_code = serializers.CharField()
    department_name = serializers.CharField()
    parent_department_code = serializers.CharField(required=False, allow_blank=True)
    position_code = serializers.CharField(required=False, allow_blank=True)
    position_title = serializers.CharField(required=False, allow_blank=True)
    function = serializers.CharField(required=False, allow_blank=True)
    need_execution = serializers.CharField(required=False, allow_blank=True)
    need_compression = serializers.CharField(required=False, allow_blank=True)
    manager_employee_id = serializers.CharField(required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)
    hire_date = serializers.CharField(required=False, allow_blank=True)


class Snapshot(serializers.Serializer):
    employees = SnapshotEmployee(many=True)


class SyncError(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class OrgSyncSerializer(serializers.ModelSerializer):
    errors = SyncError(many=True)
    reasons = serializers.ListField(child=serializers.CharField())
    review_url = serializers.SerializerMethodField()

    class Meta:
        model = OrgSync
        fields = ["id", "status", "source", "created_at", "rows", "active_before", "created",
                  "updated", "deactivated", "swapped", "error_count", "errors", "reasons",
                  "review_url"]

    def get_review_url(self, sync) -> str:
        return settings.SITE_URL.rstrip("/") + reverse("talent:org_sync", args=[sync.pk])


class OrgSyncView(ApiViewMixin, APIView):
    required_scopes = {"POST": Scope.ORG_WRITE}
    required_perms = {"POST": "talent.import_org"}

    def max_body_bytes(self):
        return org_import.max_bytes()

    @extend_schema(
        request={"text/csv": {"type": "string"}, "application/json": Snapshot},
        responses={200: OrgSyncSerializer,
                   202: OpenApiResponse(OrgSyncSerializer,
                                        description="Paused by a guard rail: nothing was "
                                                    "changed; HR decides on review_url.")},
    )
    def post(self, request):
        kind = KINDS.get(request.content_type.split(";")[0].strip().lower())
        if kind is None:
            raise exceptions.UnsupportedMediaType(request.content_type)
        stream = request.stream
        try:
            name = org_sync.store_snapshot(stream if stream is not None else _Empty(), kind)
        except org_sync.SnapshotRefused as refusal:
            return problem(400, refusal.errors[0].message if len(refusal.errors) == 1 else
                           _("The snapshot has %(count)s errors; nothing was changed.")
                           % {"count": len(refusal.errors)}, instance=request.path,
                           errors=[_error(e) for e in refusal.errors])
        sync = org_sync.run(name, actor=request.user, source=OrgSync.Source.API)
        invite_after_commit(sync.provisioned_user_ids)
        body = OrgSyncSerializer(sync).data
        if sync.status == OrgSync.Status.REFUSED:
            return problem(400, ngettext(
                "The snapshot has %(count)s error; nothing was changed. It is listed in "
                "errors.",
                "The snapshot has %(count)s errors; nothing was changed. Each is listed in "
                "errors (the first %(shown)s).", sync.error_count)
                % {"count": sync.error_count, "shown": len(sync.errors)},
                instance=request.path, errors=sync.errors, extra={"sync": sync.pk})
        code = status.HTTP_202_ACCEPTED if sync.status == OrgSync.Status.PAUSED else 200
        return Response(body, status=code)


class _Empty:
    def read(self, size=-1):
        return b""


def _error(error):
    return {"row": error.row, "column": error.column, "message": error.message}
