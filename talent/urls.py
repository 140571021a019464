from django.urls import path

from . import views

app_name = "talent"

urlpatterns = [
    path("import/", views.import_org, name="import_org"),
    path("import/confirm/", views.confirm_org_import, name="confirm_org_import"),
]
