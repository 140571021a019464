"""Editing a draft in the admin: inline items, publish checks, and history of who did what."""

from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import BankVersion
from assessments.services.bank_files import import_bank
from assessments.services.banks import start_draft_from

from .conftest import small_bank


class FormFields(HTMLParser):
    """The values a browser would submit from the page's main form."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def change_form(client, version):
    url = reverse("admin:assessments_bankversion_change", args=[version.pk])
    parser = FormFields("bankversion_form")
    parser.feed(client.get(url).content.decode())
    return url, {k: v.lstrip("\n") if k.endswith(("_en", "_zh_hans")) else v
                 for k, v in parser.data.items()}


def item_prefix(data, code):
    return next(key[: -len("-code")] for key, value in data.items()
                if key.startswith("items-") and key.endswith("-code") and value == code)


def test_the_draft_page_lists_every_publish_problem(bank_admin, client_for, draft):
    draft.items.filter(scale__code="CMP").update(reverse=False)
    html = client_for(bank_admin).get(
        reverse("admin:assessments_bankversion_change", args=[draft.pk])).content.decode()
    assert "1 problem to fix before publishing:" in html
    assert "Scale CMP has 0 of 26 items reverse-keyed (0%)" in html


def test_a_bank_admin_edits_items_inline_and_sees_the_checks(bank_admin, client_for, draft):
    client = client_for(bank_admin)
    url, data = change_form(client, draft)
    prefix = item_prefix(data, "EXE05")
    data[f"{prefix}-text_zh_hans"] = ""
    data[f"{prefix}-text_en"] = "I tidy up as soon as I finish."
    data["_continue"] = "Save and continue editing"
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Item EXE05 has no Simplified Chinese (zh-hans) text." in html
    item = draft.items.get(code="EXE05")
    assert item.text == {"en": "I tidy up as soon as I finish."}

    response = client.post(reverse("admin:assessments_bankversion_publish", args=[draft.pk]),
                           follow=True)
    assert "was not published: Item EXE05 has no Simplified Chinese" in (
        response.content.decode())
    draft.refresh_from_db()
    assert draft.status == BankVersion.Status.DRAFT


def test_items_are_listed_in_their_order(bank_admin, client_for, draft):
    _url, data = change_form(client_for(bank_admin), draft)
    orders = [int(value) for key, value in data.items()
              if key.startswith("items-") and key.endswith("-order")
              and "__prefix__" not in key]
    assert orders == sorted(orders) and len(orders) == 52


def test_the_scale_menu_offers_only_this_versions_scales(bank_admin, client_for, published):
    draft = start_draft_from(published)
    html = client_for(bank_admin).get(
        reverse("admin:assessments_bankversion_change", args=[draft.pk])).content.decode()
    own = set(draft.scales.values_list("pk", flat=True))
    other = set(published.scales.values_list("pk", flat=True))
    assert all(f'<option value="{pk}"' in html for pk in own)
    assert not any(f'<option value="{pk}"' in html for pk in other)


def test_history_shows_who_changed_which_item(bank_admin, client_for, draft):
    client = client_for(bank_admin)
    url, data = change_form(client, draft)
    data[f"{item_prefix(data, 'CMP07')}-reverse"] = "on"
    client.post(url, data)
    html = client.get(reverse("admin:assessments_bankversion_history",
                              args=[draft.pk])).content.decode()
    section = html.split('id="content-changes"')[1]
    row = next(r for r in section.split("<tr>") if "CMP07" in r and "changed" in r)
    assert "bank_admin" in row
    assert "reverse-keyed" in row


def test_a_new_draft_button_starts_the_next_version(bank_admin, client_for, published):
    client = client_for(bank_admin)
    response = client.post(
        reverse("admin:assessments_bankversion_new_draft", args=[published.pk]), follow=True)
    assert "CORE v2 created from CORE v1." in response.content.decode()
    assert BankVersion.objects.get(number=2).items.count() == 52


def test_the_publish_action_reports_each_version(bank_admin, client_for, draft):
    response = client_for(bank_admin).post(
        reverse("admin:assessments_bankversion_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]}, follow=True)
    assert "CORE v1 is published." in response.content.decode()


def test_the_draft_page_costs_the_same_queries_whatever_its_size(bank_admin, client_for,
                                                                 draft):
    small = import_bank(small_bank(pairs=[{"a": "A1", "b": "A2", "relation": "same"}]))
    client = client_for(bank_admin)
    counts = []
    for version in (small, draft):
        url = reverse("admin:assessments_bankversion_change", args=[version.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_draft_version_can_be_deleted_with_its_content(bank_admin, client_for, draft):
    response = client_for(bank_admin).post(
        reverse("admin:assessments_bankversion_delete", args=[draft.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not BankVersion.objects.exists()


def test_a_bank_admin_can_open_the_add_pages(bank_admin, client_for, draft):
    client = client_for(bank_admin)
    response = client.get(reverse("admin:assessments_bankversion_add"),
                          {"bank": draft.bank_id})
    assert response.status_code == 200
    assert 'value="2"' in response.content.decode()  # the next free number is suggested
    assert client.get(reverse("admin:assessments_questionbank_add")).status_code == 200
    assert client.get(reverse("admin:assessments_item_add")).status_code == 200


def test_the_copy_records_who_made_it(bank_admin, client_for, published):
    client = client_for(bank_admin)
    client.post(reverse("admin:assessments_bankversion_new_draft", args=[published.pk]))
    copy = BankVersion.objects.get(number=2)
    html = client.get(reverse("admin:assessments_bankversion_history",
                              args=[copy.pk])).content.decode()
    rows = [r for r in html.split('id="content-changes"')[1].split("<tr>") if "added" in r]
    assert len(rows) == 2 + 52 + 18
    assert all("bank_admin" in row for row in rows)
    assert any("EXE01 ~ EXE02" in row for row in rows)


def test_a_bank_admin_retires_a_published_version(bank_admin, client_for, published):
    client = client_for(bank_admin)
    url = reverse("admin:assessments_bankversion_retire", args=[published.pk])
    assert "CORE v1 is retired." in client.post(url, follow=True).content.decode()
    published.refresh_from_db()
    assert published.status == BankVersion.Status.RETIRED
    again = client.post(url, follow=True).content.decode()
    assert "Only a published version can be retired." in again
