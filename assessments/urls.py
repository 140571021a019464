from django.urls import path

from .views import banks

app_name = "assessments"

urlpatterns: list = [
    path("banks/<int:version_id>/preview/", banks.preview, name="bank_preview"),
    path("banks/<int:version_id>/export.json", banks.export, name="bank_export"),
    # Campaigns, scoring progress, item analysis are added here.
]
