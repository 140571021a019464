"""Only bank admins and superusers reach the bank editor: every page and every htmx
endpoint, for every role. Anonymous visitors are sent to log in (an htmx request by
HX-Redirect, back to the page it came from); everyone else gets 403 and changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.services.bank_files import export_version

EDITORS = ["bank_admin", "superuser"]
REFUSED = ["employee", "manager", "hr", "outsider"]
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_as(who, cast, client_for):
    return Client() if who == "anonymous" else client_for(cast[who])


def pages(draft):
    return [
        reverse("assessments:bank_list"),
        reverse("assessments:bank_version", args=[draft.pk]),
        reverse("assessments:bank_changes", args=[draft.pk]),
        reverse("assessments:bank_checks", args=[draft.pk]),
    ]


def htmx_gets(draft):
    item = draft.items.get(code="EXE01")
    return [reverse("assessments:bank_item", args=[draft.pk, item.pk]),
            reverse("assessments:bank_item_edit", args=[draft.pk, item.pk]),
            reverse("assessments:bank_checks", args=[draft.pk])]


def posts(draft):
    item = draft.items.get(code="EXE01")
    unpaired = [i for i in draft.items.filter(scale=item.scale)
                if not draft.pairs.filter(item_a=i).exists()
                and not draft.pairs.filter(item_b=i).exists()]
    pair = draft.pairs.first()
    return [
        (reverse("assessments:bank_item_save", args=[draft.pk, item.pk]),
         {"text_en": "Changed", "text_zh_hans": "改了", "scale": item.scale_id}),
        (reverse("assessments:bank_item_move", args=[draft.pk, item.pk]),
         {"direction": "down"}),
        (reverse("assessments:bank_pair_add", args=[draft.pk]),
         {"item_a": unpaired[0].pk, "item_b": unpaired[1].pk, "relation": "same"}),
        (reverse("assessments:bank_pair_remove", args=[draft.pk, pair.pk]), {}),
        (reverse("assessments:bank_publish", args=[draft.pk]), {}),
        (reverse("assessments:bank_start_draft", args=[draft.pk]), {}),
    ]


@pytest.mark.parametrize("who", [*EDITORS, *REFUSED, "anonymous"])
def test_the_editor_pages_by_role(who, cast, client_for, draft):
    client = client_as(who, cast, client_for)
    for url in pages(draft):
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url
        elif who in REFUSED:
            assert response.status_code == 403, url
        else:
            assert response.status_code == 200, url


@pytest.mark.parametrize("who", [*EDITORS, *REFUSED, "anonymous"])
def test_the_htmx_fragments_by_role(who, cast, client_for, draft):
    client = client_as(who, cast, client_for)
    page = reverse("assessments:bank_version", args=[draft.pk])
    for url in htmx_gets(draft):
        response = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=page)
        if who == "anonymous":
            assert response.status_code == 200, url
            assert response["HX-Redirect"] == f"{reverse('login')}?next={page.replace('/', '%2F')}"
        elif who in REFUSED:
            assert response.status_code == 403, url
        else:
            assert response.status_code == 200, url


@pytest.mark.parametrize("who", [*REFUSED, "anonymous"])
def test_nobody_else_can_post_to_the_editor(who, cast, client_for, draft):
    client = client_as(who, cast, client_for)
    before = export_version(draft)
    for url, data in posts(draft):
        response = client.post(url, data, **HTMX)
        if who == "anonymous":
            assert response.status_code == 200 and response["HX-Redirect"].startswith(
                reverse("login")), url
        else:
            assert response.status_code == 403, url
        plain = client.post(url, data)
        assert plain.status_code == (302 if who == "anonymous" else 403), url
    assert export_version(draft) == before
    assert draft.bank.versions.count() == 1


@pytest.mark.parametrize("who", EDITORS)
def test_bank_admins_and_superusers_can_post_each_edit(who, cast, client_for, draft):
    client = client_for(cast[who])
    for url, data in posts(draft)[:4]:
        assert client.post(url, data, **HTMX).status_code == 200, url


@pytest.mark.parametrize("who", ["bank_admin", "superuser", "hr"])
def test_the_navigation_leads_each_role_to_its_bank_pages(who, cast, client_for, draft):
    html = client_for(cast[who]).get(reverse("home")).content.decode()
    if who == "hr":
        assert reverse("assessments:bank_list") not in html
        assert reverse("admin:assessments_questionbank_changelist") in html
    else:
        assert f'href="{reverse("assessments:bank_list")}"' in html


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_other_roles_see_no_bank_link(who, cast, client_for, draft):
    html = client_for(cast[who]).get(reverse("home")).content.decode()
    assert reverse("assessments:bank_list") not in html
