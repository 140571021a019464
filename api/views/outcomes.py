"""Outcomes from another system (a performance-review tool, the HR system):
`GET /api/v1/criteria/` lists what can be rated, `POST /api/v1/outcomes/` records ratings.

The body is the outcome import's CSV (`employee_id,criterion,date,value`) or the same rows
as JSON; either way it goes through the import's checks (assessments/services/
outcome_import.py), so a rating refused on the HR page is refused here with the same
message, and a batch is all or nothing."""

import csv
import io

from django.utils import translation
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.models import Criterion, CriterionVersion
from assessments.services import outcome_import
from talent import org_import

from ..models import Scope
from ..problems import problem
from ..serializers import StrictInput
from .base import ApiViewMixin, Cursor


class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    version = serializers.IntegerField(allow_null=True)
    definition = serializers.CharField()
    scale_min = serializers.FloatField(allow_null=True)
    scale_max = serializers.FloatField(allow_null=True)
    family = serializers.CharField()


class Criteria(ApiViewMixin, generics.ListAPIView):
    """Every criterion with the version new ratings are recorded against (null: none is
    published yet, so ratings are refused)."""

    required_scopes = {"GET": Scope.OUTCOMES_WRITE}
    required_perms = {"GET": "assessments.import_outcomes"}
    serializer_class = CriterionSerializer
    pagination_class = type("CursorByCode", (Cursor,), {"ordering": "code"})
    queryset = Criterion.objects.none()  # for the schema; get_queryset is what runs

    def get_queryset(self):
        return Criterion.objects.all()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        published = {v.criterion_id: v for v in CriterionVersion.objects.published()
                     .filter(criterion__in=page).order_by("criterion_id", "number")}
        language = translation.get_language()
        return self.get_paginated_response([
            _criterion_document(c, published.get(c.pk), language) for c in page])


def _criterion_document(criterion, version, language):
    return {
        "code": criterion.code,
        "name": criterion.name_in(language),
        "version": version.number if version else None,
        "definition": version.definition_in(language) if version else "",
        "scale_min": version.scale_min if version else None,
        "scale_max": version.scale_max if version else None,
        "family": version.family if version else "",
    }


class OutcomeRow(StrictInput):
    employee_id = serializers.CharField(allow_blank=True)
    criterion = serializers.CharField(allow_blank=True)
    date = serializers.CharField(allow_blank=True, help_text="YYYY-MM-DD, not in the future")
    value = serializers.FloatField(help_text="A number within the criterion's scale")


class OutcomeBatch(StrictInput):
    outcomes = OutcomeRow(many=True)


class RecordedSerializer(serializers.Serializer):
    recorded = serializers.IntegerField()
    per_criterion = serializers.DictField(child=serializers.IntegerField())


class Outcomes(ApiViewMixin, APIView):
    required_scopes = {"POST": Scope.OUTCOMES_WRITE}
    required_perms = {"POST": "assessments.import_outcomes"}

    def max_body_bytes(self):
        return org_import.max_bytes()

    @extend_schema(request={"text/csv": {"type": "string"}, "application/json": OutcomeBatch},
                   responses={201: RecordedSerializer})
    def post(self, request):
        kind = request.content_type.split(";")[0].strip().lower()
        if kind == "text/csv":
            # Read from the stream, not request.body: the body's size was checked against
            # the import's limit (max_body_bytes), and request.body would refuse anything
            # over DATA_UPLOAD_MAX_MEMORY_SIZE with the site's HTML page instead.
            body = request.stream.read() if request.stream is not None else b""
        elif kind == "application/json":
            body = _csv_of(request.data)
        else:
            raise exceptions.UnsupportedMediaType(request.content_type)
        plan = outcome_import.import_outcomes(io.BytesIO(body), user=request.user)
        if not plan.ok:
            return problem(400, ngettext(
                "The outcomes have %(count)s error; nothing was recorded.",
                "The outcomes have %(count)s errors; nothing was recorded.", plan.error_count)
                           % {"count": plan.error_count}, instance=request.path,
                errors=[_error(e, json=kind != "text/csv") for e in plan.errors])
        return Response({"recorded": len(plan.records), "per_criterion": plan.per_criterion},
                        status=status.HTTP_201_CREATED)


def _csv_of(data):
    """The JSON rows as the import's CSV, so both bodies meet exactly the same checks."""
    batch = OutcomeBatch(data=data)
    if not batch.is_valid():
        raise exceptions.ValidationError(batch.errors)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(outcome_import.COLUMNS)
    for row in batch.validated_data["outcomes"]:
        writer.writerow([row[column] for column in outcome_import.COLUMNS])
    return out.getvalue().encode("utf-8")


def _error(error, *, json):
    found = {"row": error.row, "column": error.column, "message": error.message}
    if json and error.row >= 2:
        # Line 1 of the CSV the rows became is its header: outcomes[0] is line 2.
        found["item"] = error.row - 2
    return found
