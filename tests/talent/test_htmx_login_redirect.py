"""An htmx request whose session expired goes to the login page as a whole page
(HX-Redirect), back to the page the person was on; nothing else changes."""

from django.test import Client
from django.urls import reverse

PAGE = "http://testserver/campaigns/7/?tab=people"


def _fragment_url():
    return reverse("assessments:audience_preview")


def test_an_expired_session_makes_htmx_load_the_login_page_and_come_back(db):
    response = Client().get(_fragment_url(), headers={
        "HX-Request": "true", "HX-Current-URL": PAGE})
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fcampaigns%2F7%2F%3Ftab%3Dpeople"
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]


def test_the_same_holds_for_an_htmx_post(db):
    response = Client().post(_fragment_url(), headers={
        "HX-Request": "true", "HX-Current-URL": PAGE})
    assert response.status_code == 200 and response["HX-Redirect"].startswith("/accounts/login/")


def test_a_current_url_on_another_site_is_not_followed_back(db):
    response = Client().get(_fragment_url(), headers={
        "HX-Request": "true", "HX-Current-URL": "https://evil.example.com/phish"})
    assert response["HX-Redirect"] == "/accounts/login/"


def test_requests_without_htmx_get_the_ordinary_redirect(db):
    response = Client().get(_fragment_url())
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "HX-Redirect" not in response


def test_signed_in_htmx_requests_pass_through(hr, client_for):
    response = client_for(hr).get(_fragment_url(), {"audience_all": "on"},
                                  headers={"HX-Request": "true", "HX-Current-URL": PAGE})
    assert response.status_code == 200 and "HX-Redirect" not in response


def test_public_pages_asked_by_htmx_are_untouched(db):
    response = Client().get(reverse("login"), headers={"HX-Request": "true"})
    assert response.status_code == 200 and "HX-Redirect" not in response
