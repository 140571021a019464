from django.urls import path

from . import account_views, views

app_name = "talent"

urlpatterns = [
    path("import/", views.import_org, name="import_org"),
    path("import/<int:pk>/", views.org_import_detail, name="org_import"),
    path("import/<int:pk>/confirm/", views.confirm_org_import, name="confirm_org_import"),
    path("import/<int:pk>/discard/", views.discard_org_import, name="discard_org_import"),
    path("syncs/", views.org_syncs, name="org_syncs"),
    path("syncs/<int:pk>/", views.org_sync_detail, name="org_sync"),
    path("syncs/<int:pk>/decide/", views.org_sync_decide, name="org_sync_decide"),
    path("logins/", account_views.logins, name="logins"),
    path("logins/provision/", account_views.provision, name="provision_logins"),
    path("logins/<int:user_id>/resend/", account_views.resend_invitation,
         name="resend_invitation"),
]
