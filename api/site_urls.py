from django.urls import path

from . import site_views

app_name = "integrations"

urlpatterns = [
    path("tokens/", site_views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", site_views.token_revoke, name="token_revoke"),
    path("webhooks/", site_views.webhook_list, name="webhooks"),
    path("webhooks/<int:pk>/deactivate/", site_views.webhook_deactivate,
         name="webhook_deactivate"),
]
