from urllib.parse import parse_qs, urlsplit

from django.test import Client

from assessments.models import Answer

from .conftest import url


def test_an_htmx_autosave_without_a_session_gets_hx_redirect_back_to_the_page(ready, items):
    page = url("assignment_page", ready, 2)
    response = Client().post(
        url("assignment_autosave", ready), {"item": items[0].pk, "value": 3, "sequence": 1},
        HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{page}",
    )
    target = urlsplit(response["HX-Redirect"])
    assert target.path == "/accounts/login/"
    assert parse_qs(target.query)["next"] == [page]
    assert not Answer.objects.exists()


def test_a_foreign_current_url_is_not_used_as_next(ready, items):
    response = Client().post(
        url("assignment_autosave", ready), {"item": items[0].pk, "value": 3, "sequence": 1},
        HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="https://evil.example/phish",
    )
    assert parse_qs(urlsplit(response["HX-Redirect"]).query)["next"] == [
        url("assignment", ready)]


def test_without_htmx_it_is_the_usual_login_redirect(ready):
    response = Client().post(url("assignment_autosave", ready), {})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
