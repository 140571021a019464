"""Who may open each bank page: bank admins edit, HR reads, nobody else sees banks."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import BankVersion

NO_ACCESS = ["employee", "other_employee", "manager", "outsider"]
EVERYONE = [*NO_ACCESS, "hr", "bank_admin", "superuser", "anonymous"]


def client_as(who, cast, client_for):
    return Client() if who == "anonymous" else client_for(cast[who])


def site_pages(version):
    return [reverse("assessments:bank_preview", args=[version.pk]),
            reverse("assessments:bank_preview", args=[version.pk]) + "?lang=zh-hans",
            reverse("assessments:bank_export", args=[version.pk])]


def admin_read_pages(version):
    item = version.items.first()
    return [
        reverse("admin:assessments_questionbank_changelist"),
        reverse("admin:assessments_questionbank_change", args=[version.bank_id]),
        reverse("admin:assessments_bankversion_changelist"),
        reverse("admin:assessments_bankversion_change", args=[version.pk]),
        reverse("admin:assessments_bankversion_history", args=[version.pk]),
        reverse("admin:assessments_item_changelist"),
        reverse("admin:assessments_item_change", args=[item.pk]),
        reverse("admin:assessments_item_export"),
    ]


@pytest.mark.parametrize("who", EVERYONE)
def test_bank_pages_by_role(who, cast, client_for, draft):
    client = client_as(who, cast, client_for)
    for url in site_pages(draft):
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))
        elif who in NO_ACCESS:
            assert response.status_code == 403, url
        else:
            assert response.status_code == 200, url


@pytest.mark.parametrize("who", EVERYONE)
def test_admin_bank_pages_by_role(who, cast, client_for, draft):
    client = client_as(who, cast, client_for)
    for url in admin_read_pages(draft):
        response = client.get(url)
        if who in [*NO_ACCESS, "anonymous"]:
            # Anonymous visitors meet the site's login first, staff-less users the admin's.
            login = reverse("login" if who == "anonymous" else "admin:login")
            assert response.status_code == 302, url
            assert response.url.startswith(login), url
        else:
            assert response.status_code == 200, url


@pytest.mark.parametrize("who", ["hr", "bank_admin", "superuser"])
def test_only_bank_admins_get_edit_controls(who, cast, client_for, draft):
    client = client_for(cast[who])
    html = client.get(reverse("admin:assessments_bankversion_change",
                              args=[draft.pk])).content.decode()
    editor = who != "hr"
    assert ('name="_save"' in html) is editor
    assert ('name="publish"' in html) is editor
    assert ('name="new_draft"' in html) is editor
    assert "Preview as respondent" in html
    assert "Publish checks" in html
    changelist = client.get(reverse("admin:assessments_item_changelist")).content.decode()
    assert (reverse("admin:assessments_item_import") in changelist) is editor


@pytest.mark.parametrize("who", [*NO_ACCESS, "hr"])
def test_nobody_but_bank_admins_can_publish_copy_or_import(who, cast, client_for, draft):
    client = client_for(cast[who])
    expected = 403 if who == "hr" else 302  # non-staff are sent to the admin login
    for name in ("publish", "new_draft", "retire"):
        url = reverse(f"admin:assessments_bankversion_{name}", args=[draft.pk])
        assert client.post(url).status_code == expected
    assert client.get(reverse("admin:assessments_item_import")).status_code == expected
    response = client.post(reverse("admin:assessments_bankversion_change", args=[draft.pk]),
                           {"changelog": "HR was here"})
    assert response.status_code == expected
    draft.refresh_from_db()
    assert draft.status == BankVersion.Status.DRAFT
    assert draft.changelog != "HR was here"
    assert BankVersion.objects.count() == 1


def test_a_bank_admin_can_publish_and_copy_from_the_buttons(bank_admin, client_for, draft):
    client = client_for(bank_admin)
    response = client.post(reverse("admin:assessments_bankversion_publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == BankVersion.Status.PUBLISHED
    assert draft.published_by == bank_admin
    response = client.post(reverse("admin:assessments_bankversion_new_draft", args=[draft.pk]))
    copy = BankVersion.objects.get(number=2)
    assert response.url == reverse("admin:assessments_bankversion_change", args=[copy.pk])


def test_the_buttons_refuse_get_requests(bank_admin, client_for, draft):
    url = reverse("admin:assessments_bankversion_publish", args=[draft.pk])
    assert client_for(bank_admin).get(url).status_code == 405
    draft.refresh_from_db()
    assert draft.status == BankVersion.Status.DRAFT


def test_a_published_version_is_read_only_even_for_bank_admins(bank_admin, client_for,
                                                               published):
    client = client_for(bank_admin)
    url = reverse("admin:assessments_bankversion_change", args=[published.pk])
    html = client.get(url).content.decode()
    assert 'name="_save"' not in html
    assert 'name="publish"' not in html
    assert 'name="new_draft"' in html
    assert 'name="retire"' in html
    assert client.post(url, {"changelog": "edited"}).status_code == 403
    item = published.items.first()
    assert client.post(reverse("admin:assessments_item_delete", args=[item.pk]),
                       {"post": "yes"}).status_code == 403
    assert published.items.count() == 52


def test_read_only_pages_still_show_the_texts_in_both_languages(hr, client_for, published):
    client = client_for(hr)
    version_page = client.get(
        reverse("admin:assessments_bankversion_change", args=[published.pk])).content.decode()
    assert "I keep my files and work materials arranged" in version_page
    assert "我会把文件和工作资料整理好" in version_page
    assert "<textarea" not in version_page
    bank_page = client.get(
        reverse("admin:assessments_questionbank_change", args=[published.bank_id]))
    assert "核心工作风格问卷" in bank_page.content.decode()
    item = published.items.get(code="EXE01")
    item_page = client.get(reverse("admin:assessments_item_change", args=[item.pk]))
    assert "非常不同意 / 不同意" in item_page.content.decode()
