from django.urls import path, re_path

from .views import campaigns, docs, hooks, org, outcomes, results, sync

app_name = "api"

urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
    path("departments/", org.DepartmentList.as_view(), name="departments"),
    path("positions/", org.PositionList.as_view(), name="positions"),
    path("employees/", org.EmployeeList.as_view(), name="employees"),
    path("employees/<str:employee_id>/", org.EmployeeDetail.as_view(), name="employee"),
    path("campaigns/", campaigns.CampaignList.as_view(), name="campaigns"),
    path("campaigns/<int:pk>/", campaigns.CampaignDetail.as_view(), name="campaign"),
    path("campaigns/<int:pk>/launch/", campaigns.CampaignLaunch.as_view(),
         name="campaign_launch"),
    path("campaigns/<int:pk>/score/", campaigns.CampaignScore.as_view(), name="campaign_score"),
    path("campaigns/<int:pk>/assignments/", campaigns.CampaignAssignments.as_view(),
         name="campaign_assignments"),
    path("campaigns/<int:pk>/results/", results.CampaignResults.as_view(),
         name="campaign_results"),
    path("results/<int:pk>/", results.ResultDetail.as_view(), name="result"),
    path("org/sync", sync.OrgSyncView.as_view(), name="org_sync"),
    path("criteria/", outcomes.Criteria.as_view(), name="criteria"),
    path("outcomes/", outcomes.Outcomes.as_view(), name="outcomes"),
    path("webhooks/", hooks.Webhooks.as_view(), name="webhooks"),
    path("webhooks/<int:pk>/deactivate/", hooks.WebhookDeactivate.as_view(),
         name="webhook_deactivate"),
    re_path(r"^.*$", docs.NotFound.as_view(), name="not_found"),
]
