"""A bank admin can have the respondent preview mark each item's keying and twin partner,
in either language; by default, and always for HR, it shows no scoring key."""

from django.urls import reverse


def preview(client, version, **params):
    return client.get(reverse("assessments:bank_preview", args=[version.pk]),
                      params).content.decode()


def test_a_bank_admin_sees_keying_and_twins_when_asked(bank_admin, client_for, published):
    client = client_for(bank_admin)
    plain = preview(client, published, lang="en")
    assert "keying and twin" in plain and "key=1" in plain
    assert "Reverse-keyed" not in plain
    html = preview(client, published, lang="en", key="1")
    exe02 = published.items.get(code="EXE02")
    assert html.count('class="small mb-2 item-key"') == 52
    assert f"Twin of EXE02, “{exe02.text['en']}” (Opposite (reverse-worded))" in html
    assert "Reverse-keyed" in html and "Keyed forward" in html


def test_the_marks_follow_the_previewed_language(bank_admin, client_for, published):
    html = preview(client_for(bank_admin), published, lang="zh-hans", key="1")
    exe02 = published.items.get(code="EXE02")
    assert exe02.text["zh-hans"] in html.split('data-item="EXE01"')[1].split("</li>")[0]
    assert "lang=en&amp;key=1" in html


def test_hr_never_sees_the_scoring_key(hr, client_for, published):
    html = preview(client_for(hr), published, lang="en", key="1")
    assert "item-key" not in html and "Show each item" not in html
