"""The two places that redirect to an address the visitor chose (the login's `next` and
the language switch's `next`) never send anyone to another site."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

ELSEWHERE = ["https://evil.example/", "//evil.example/", "/\\evil.example/",
             "javascript:alert(1)", "https:evil.example", " https://evil.example/"]


def stays_here(response):
    location = response["Location"]
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", ELSEWHERE)
def test_logging_in_never_sends_to_another_site(target, employee):
    client = Client()
    response = client.post(reverse("login") + "?next=" + target,
                           {"username": "employee", "password": PASSWORD, "next": target})
    assert response.status_code == 302 and stays_here(response), response["Location"]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_switching_language_never_sends_to_another_site(target, employee, client_for):
    response = client_for(employee).post(reverse("set_language"),
                                         {"language": "zh-hans", "next": target})
    assert response.status_code == 302 and stays_here(response), response["Location"]
