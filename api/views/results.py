"""Released results, and only those. Every result read is on record, as on the site
(assessments/services/access.py): one access record per person on the page."""

from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from assessments.models import AccessRecord, Campaign, Result
from assessments.reports.released import released_results, result_document, scale_names
from assessments.services import access
from config.db_router import reading_from_replica

from ..models import Scope
from ..serializers import ResultSerializer
from .base import ApiViewMixin, Cursor


def _documents(request, results):
    names = scale_names((r.bank_version_id for r in results), translation.get_language())
    # Recorded before the answer is built: a read that happened is always on record.
    access.record_many(request.user,
                       [(r.assignment.employee_id, f"result {r.pk} (API)") for r in results],
                       AccessRecord.Action.VIEW_RESULT)
    return [result_document(r, names) for r in results]


class CampaignResults(ApiViewMixin, generics.ListAPIView):
    required_scopes = {"GET": Scope.RESULTS_READ}
    required_perms = {"GET": "assessments.view_result"}
    serializer_class = ResultSerializer
    pagination_class = Cursor
    queryset = Result.objects.none()  # for the schema; get_queryset is what runs

    def get_queryset(self):
        return released_results(campaign=get_object_or_404(Campaign, pk=self.kwargs["pk"]))

    def list(self, request, *args, **kwargs):
        # The documents are already what ResultSerializer describes (the schema, checked
        # by schemathesis); serialising them again field by field doubled a page's time.
        # A BI tool walking 100,000 results reads them from the replica, if there is one.
        with reading_from_replica():
            page = self.paginate_queryset(self.get_queryset())
            return self.get_paginated_response(_documents(request, page))


class ResultDetail(ApiViewMixin, generics.GenericAPIView):
    required_scopes = {"GET": Scope.RESULTS_READ}
    required_perms = {"GET": "assessments.view_result"}
    serializer_class = ResultSerializer

    @extend_schema(responses={200: ResultSerializer})
    def get(self, request, pk):
        result = get_object_or_404(released_results(), pk=pk)
        return Response(_documents(request, [result])[0])
