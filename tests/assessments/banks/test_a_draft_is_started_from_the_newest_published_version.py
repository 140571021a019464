"""The bank list: each bank with its versions, and a button that starts a draft from the
newest published version (or leads to the draft already started)."""

from django.urls import reverse

from assessments.models import BankVersion
from assessments.services.banks import start_draft_from


def test_the_list_shows_each_bank_with_its_versions(bank_admin, client_for, published):
    start_draft_from(published)
    html = client_for(bank_admin).get(reverse("assessments:bank_list")).content.decode()
    assert "Core work-style inventory" in html and "(CORE)" in html
    assert "Edit the draft, version 2" in html
    assert html.count("<tr>") == 3  # the header and two versions
    assert "Published" in html and "Draft" in html


def test_the_button_starts_a_draft_copied_from_the_newest_published(bank_admin, client_for,
                                                                    published):
    client = client_for(bank_admin)
    html = client.get(reverse("assessments:bank_list")).content.decode()
    url = reverse("assessments:bank_start_draft", args=[published.pk])
    assert f'action="{url}"' in html
    response = client.post(url)
    draft = BankVersion.objects.get(number=2)
    assert response.url == reverse("assessments:bank_version", args=[draft.pk])
    assert draft.based_on == published and draft.is_draft
    assert draft.items.count() == 52 and draft.pairs.count() == published.pairs.count()
    assert "Version 2 is a new draft copied from version 1." in client.get(
        response.url).content.decode()


def test_a_second_draft_is_refused_while_one_is_open(bank_admin, client_for, published):
    client = client_for(bank_admin)
    client.post(reverse("assessments:bank_start_draft", args=[published.pk]))
    response = client.post(reverse("assessments:bank_start_draft", args=[published.pk]))
    assert response.status_code == 409
    assert "CORE already has a draft, version 2" in response.content.decode()
    assert BankVersion.objects.count() == 2


def test_a_draft_is_not_copied_from_a_draft(bank_admin, client_for, draft):
    response = client_for(bank_admin).post(
        reverse("assessments:bank_start_draft", args=[draft.pk]))
    assert response.status_code == 409
    assert BankVersion.objects.count() == 1


def test_a_missing_version_is_not_found(bank_admin, client_for, db):
    client = client_for(bank_admin)
    assert client.get(reverse("assessments:bank_version", args=[999])).status_code == 404
    assert client.post(reverse("assessments:bank_start_draft", args=[999])).status_code == 404
