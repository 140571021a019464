"""A session that ends on its idle limit in the middle of a questionnaire: the next
autosave sends the page to log in (HX-Redirect, back to the same page), every answer
saved before is kept, and after signing in again the page shows them."""

from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse

from talent.middleware import LAST_SEEN_AT
from tests.conftest import PASSWORD

from .conftest import autosave, stored, url


def test_an_idle_timeout_mid_questionnaire_loses_no_saved_answer(ready, items, settings):
    client = Client()
    client.post(reverse("login"), {"username": "employee", "password": PASSWORD},
                REMOTE_ADDR="10.0.0.3")
    assert autosave(client, ready, items[0], 4, 1).status_code == 200
    # The person leaves the tab open past the idle limit.
    session = client.session
    session[LAST_SEEN_AT] -= settings.SESSION_IDLE_MINUTES * 60 + 1
    session.save()

    page = url("assignment_page", ready, 1)
    response = client.post(url("assignment_autosave", ready),
                           {"item": items[1].pk, "value": 2, "sequence": 2},
                           HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{page}")
    target = urlsplit(response["HX-Redirect"])
    assert target.path == reverse("login") and parse_qs(target.query)["next"] == [page]
    assert set(stored(ready)) == {items[0].pk}, "the saved answer is kept, nothing half-written"
    login_page = client.get(response["HX-Redirect"]).content.decode()
    assert "signed out after a while without activity" in login_page

    back = client.post(response["HX-Redirect"], {"username": "employee", "password": PASSWORD,
                                                 "next": page}, REMOTE_ADDR="10.0.0.3")
    assert back["Location"] == page
    assert client.get(page).status_code == 200
    assert autosave(client, ready, items[1], 2, 2).status_code == 200
    assert set(stored(ready)) == {items[0].pk, items[1].pk}
