from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from talent import account_views, mail, mfa_views, sso
from talent import views as talent_views

urlpatterns = [
    path("", talent_views.home, name="home"),
    path("healthz", talent_views.healthz, name="healthz"),
    path("healthz/live", talent_views.healthz_live, name="healthz_live"),
    path("healthz/ready", talent_views.healthz_ready, name="healthz_ready"),
    # The mail provider's delivery reports (MAIL_PROVIDER; talent/mail.py).
    path("mail/events/<slug:provider>/", mail.mail_events, name="mail_events"),
    path("accounts/login/", talent_views.login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/welcome/<uidb64>/<token>/", account_views.set_password_from_invitation,
         name="set_password_from_invitation"),
    path("accounts/password/reset/", account_views.password_reset, name="password_reset"),
    path("accounts/password/reset/sent/", account_views.password_reset_done,
         name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/", account_views.password_reset_confirm,
         name="password_reset_confirm"),
    path("accounts/password/reset/done/", account_views.password_reset_complete,
         name="password_reset_complete"),
    path("accounts/2fa/", mfa_views.manage, name="mfa_manage"),
    path("accounts/2fa/setup/", mfa_views.setup, name="mfa_setup"),
    path("accounts/2fa/verify/", mfa_views.verify, name="mfa_verify"),
    path("accounts/2fa/off/", mfa_views.deactivate, name="mfa_deactivate"),
    path("accounts/password/change/", account_views.password_change, name="password_change"),
    path("accounts/password/change/done/", account_views.password_change_done,
         name="password_change_done"),
    path("i18n/setlang/", talent_views.public(set_language), name="set_language"),
    path("org/", include("talent.urls")),
    path("assessments/", include("assessments.urls")),
    path("api/v1/", include("api.urls")),
    path("integrations/", include("api.site_urls")),
    path("scim/v2/", include("api.scim_urls")),
    path("admin/", admin.site.urls),
    # Single sign-on (allauth's OpenID Connect views; talent/sso.py decides who). The
    # callback is ours, first: allauth's, with the ID token's nonce checked.
    path("sso/<str:provider_id>/login/callback/", sso.callback,
         name="openid_connect_callback"),
    path("sso/", include("allauth.socialaccount.providers.openid_connect.urls")),
]

# Under /api/ and /scim/ Django's error pages are problem (SCIM error) documents.
handler400 = "api.problems.bad_request"
handler404 = "api.problems.page_not_found"
handler500 = "api.problems.server_error"
