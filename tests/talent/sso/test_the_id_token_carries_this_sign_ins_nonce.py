"""Each single sign-on sends a fresh nonce to the provider (a real one, on loopback) and
keeps it with the sign-in's state; the ID token must carry it back. An ID token without
the nonce, or with another one, is refused with the plain page, and nothing is written."""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from allauth.socialaccount.internal.statekit import STATES_SESSION_KEY
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from talent.models import User

from .conftest import callback_for, sign_in


def start(client):
    return client.post(reverse("openid_connect_login", kwargs={"provider_id": "oidc"}))


def query_of(url):
    return parse_qs(urlsplit(url).query)


def with_nonce(url, nonce):
    """The authorization request with its nonce replaced (or, for None, left out)."""
    parts = urlsplit(url)
    query = {k: v for k, v in parse_qs(parts.query).items() if k != "nonce"}
    if nonce is not None:
        query["nonce"] = [nonce]
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True)))


def footprint():
    return (User.objects.count(), SocialAccount.objects.count(),
            list(SocialAccount.objects.values_list("extra_data", flat=True)))


def test_each_sign_in_sends_a_fresh_nonce_and_the_id_token_carries_it_back(sso, employee):
    client = Client()
    first, second = start(client), start(client)
    [nonce] = query_of(first["Location"])["nonce"]
    assert len(nonce) >= 32 and query_of(second["Location"])["nonce"] != [nonce]
    # Kept server-side, with the state of the sign-in it belongs to.
    [state_id] = query_of(first["Location"])["state"]
    state, _when, _provider = client.session[STATES_SESSION_KEY][state_id]
    assert state["nonce"] == nonce

    response = client.get(callback_for(client, "employee", start=first))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session.get("_auth_user_id") == str(employee.pk)
    assert SocialAccount.objects.get().extra_data["id_token"]["nonce"] == nonce


@pytest.mark.parametrize("nonce", [None, "a-nonce-from-another-sign-in"],
                         ids=["missing", "different"])
def test_an_id_token_without_this_sign_ins_nonce_is_refused_and_nothing_is_written(
        sso, employee, nonce):
    before = footprint()
    client = Client()
    begun = start(client)
    begun["Location"] = with_nonce(begun["Location"], nonce)
    response = client.get(callback_for(client, "employee", start=begun))
    assert response.status_code == 400
    assert "could not be completed" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert footprint() == before


def test_a_linked_identity_is_refused_too_and_its_record_is_left_as_it_was(sso, employee):
    sign_in(Client(), "employee")
    before = footprint()
    client = Client()
    begun = start(client)
    begun["Location"] = with_nonce(begun["Location"], "not-the-one-sent")
    response = client.get(callback_for(client, "employee", start=begun))
    assert response.status_code == 400 and "_auth_user_id" not in client.session
    assert footprint() == before


def test_the_refusal_reads_in_chinese_for_a_chinese_browser(sso, employee):
    client = Client(headers={"accept-language": "zh-hans"})
    begun = start(client)
    begun["Location"] = with_nonce(begun["Location"], None)
    response = client.get(callback_for(client, "employee", start=begun))
    assert response.status_code == 400 and "登录被拒绝" in response.content.decode()
