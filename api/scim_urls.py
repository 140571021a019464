from django.urls import path

from .views import scim

app_name = "scim"

urlpatterns = [
    path("Users", scim.ScimUsers.as_view(), name="users"),
    path("Users/<int:pk>", scim.ScimUser.as_view(), name="user"),
    path("ServiceProviderConfig", scim.ServiceProviderConfig.as_view(),
         name="service_provider_config"),
]
