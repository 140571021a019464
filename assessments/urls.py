from django.urls import path

from .views import banks, campaigns

app_name = "assessments"

urlpatterns = [
    path("banks/<int:version_id>/preview/", banks.preview, name="bank_preview"),
    path("banks/<int:version_id>/export.json", banks.export, name="bank_export"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/score/", campaigns.score_campaign, name="score_campaign"),
    path("campaigns/<int:pk>/runs/<int:run_id>/", campaigns.run_progress, name="run_progress"),
    path("campaigns/<int:pk>/item-analysis/", campaigns.item_analysis, name="item_analysis"),
]
