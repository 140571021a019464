from django.urls import path

from .views import campaigns

app_name = "assessments"

urlpatterns: list = [
    # Bank preview, campaigns, scoring progress, item analysis are added here.
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/score/", campaigns.score_campaign, name="score_campaign"),
    path("campaigns/<int:pk>/runs/<int:run_id>/", campaigns.run_progress, name="run_progress"),
    path("campaigns/<int:pk>/item-analysis/", campaigns.item_analysis, name="item_analysis"),
]
