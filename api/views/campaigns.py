"""Campaigns: read with their funnel and assignments; create, launch, score now. The
writes call the same services and task doors as HR's pages (assessments/tasks.py)."""

import django_filters
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import tasks
from assessments.models import Assignment, Campaign, ScoringSpec
from assessments.reports.campaigns import assignments_for_hr, funnel
from assessments.services import campaigns as campaign_service
from assessments.services.campaigns import CampaignRefused

from ..models import Scope
from ..serializers import (
    AssignmentSerializer,
    CampaignDetailSerializer,
    CampaignInput,
    CampaignSerializer,
    ScoringRunSerializer,
)
from .base import ApiViewMixin, Cursor


def _campaigns():
    return Campaign.objects.select_related("bank_version__bank").prefetch_related(
        "departments", "positions")


def _with_funnel(campaign):
    if campaign.status == Campaign.Status.DRAFT:
        campaign.funnel = None
        return campaign
    # current_if_stored: a read never stores the current spec (the first run does).
    shown = funnel(campaign, ScoringSpec.objects.current_if_stored())
    for row in shown["departments"]:
        row["department"] = row["department"].code if row["department"] else None
    campaign.funnel = shown
    return campaign


class CampaignFilter(django_filters.FilterSet):
    class Meta:
        model = Campaign
        fields = ["status"]


class CampaignList(ApiViewMixin, generics.ListAPIView):
    required_scopes = {"GET": Scope.CAMPAIGNS_READ, "POST": Scope.CAMPAIGNS_WRITE}
    required_perms = {"GET": "assessments.view_campaign", "POST": "assessments.add_campaign"}
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter
    pagination_class = Cursor
    queryset = Campaign.objects.none()  # for the schema; get_queryset is what runs

    def get_queryset(self):
        return _campaigns()

    @extend_schema(request=CampaignInput, responses={201: CampaignDetailSerializer})
    def post(self, request):
        given = CampaignInput(data=request.data)
        given.is_valid(raise_exception=True)
        campaign = campaign_service.create_campaign(**given.validated_data,
                                                    created_by=request.user)
        return Response(CampaignDetailSerializer(_with_funnel(campaign)).data,
                        status=status.HTTP_201_CREATED)


class CampaignDetail(ApiViewMixin, generics.RetrieveAPIView):
    required_scopes = {"GET": Scope.CAMPAIGNS_READ}
    required_perms = {"GET": "assessments.view_campaign"}
    serializer_class = CampaignDetailSerializer

    def get_object(self):
        return _with_funnel(get_object_or_404(_campaigns(), pk=self.kwargs["pk"]))


class CampaignLaunch(ApiViewMixin, APIView):
    required_scopes = {"POST": Scope.CAMPAIGNS_WRITE}
    required_perms = {"POST": "assessments.change_campaign"}

    @extend_schema(request=None, responses={200: CampaignDetailSerializer})
    def post(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk)
        with transaction.atomic():
            tasks.launch(campaign)
        campaign = get_object_or_404(_campaigns(), pk=pk)
        return Response(CampaignDetailSerializer(_with_funnel(campaign)).data)


class CampaignScore(ApiViewMixin, APIView):
    """"Score now", as on the campaign page: one run at a time, only with submissions."""

    required_scopes = {"POST": Scope.CAMPAIGNS_WRITE}
    required_perms = {"POST": "assessments.score_campaign"}

    @extend_schema(request=None, responses={202: ScoringRunSerializer})
    def post(self, request, pk):
        with transaction.atomic():
            # The row lock serialises two calls, as the page's button does.
            campaign = get_object_or_404(Campaign.objects.select_for_update(), pk=pk)
            if campaign.scoring_runs.active().exists():
                raise CampaignRefused(_("This campaign is already being scored."))
            if not campaign.assignments.filter(status=Assignment.Status.SUBMITTED).exists():
                raise CampaignRefused(_("Nobody has submitted an assessment yet."))
            run = tasks.start_run(campaign)
        return Response(ScoringRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class AssignmentFilter(django_filters.FilterSet):
    class Meta:
        model = Assignment
        fields = ["status"]


class CampaignAssignments(ApiViewMixin, generics.ListAPIView):
    required_scopes = {"GET": Scope.CAMPAIGNS_READ}
    required_perms = {"GET": "assessments.view_assignment"}
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    pagination_class = Cursor
    queryset = Assignment.objects.none()  # for the schema; get_queryset is what runs

    def get_queryset(self):
        campaign = get_object_or_404(Campaign, pk=self.kwargs["pk"])
        return assignments_for_hr(campaign).order_by("pk")
