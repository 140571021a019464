from django.urls import reverse


def preview(client, version, lang=None):
    url = reverse("assessments:bank_preview", args=[version.pk])
    return client.get(url, {"lang": lang} if lang else {})


def test_the_preview_shows_the_questionnaire_in_chinese(hr, client_for, published):
    response = preview(client_for(hr), published, "zh-hans")
    html = response.content.decode()
    assert response.headers["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in html
    assert "核心工作风格问卷" in html
    assert "我会把文件和工作资料整理好，需要什么都能很快找到。" in html
    assert "非常不同意" in html and "非常同意" in html
    assert "I keep my files" not in html
    assert html.count('data-item="') == 52


def test_the_preview_is_read_only_and_hides_the_scoring_key(bank_admin, client_for, published):
    html = preview(client_for(bank_admin), published, "en").content.decode()
    assert "I keep my files and work materials arranged" in html
    assert "Strongly disagree" in html
    assert html.count("<fieldset class=\"card-body\" disabled>") == 52
    assert 'method="post"' not in html.split("bank-preview")[1]
    assert "reverse" not in html.lower().split("bank-preview")[1]
    assert "EXE" not in html.split("bank-preview")[1].replace('data-item="EXE', "")


def test_items_appear_in_their_order(bank_admin, client_for, published):
    html = preview(client_for(bank_admin), published, "en").content.decode()
    codes = [part.split('"')[0] for part in html.split('data-item="')[1:]]
    assert codes == list(published.items.order_by("order").values_list("code", flat=True))


def test_the_language_switch_chooses_the_preview_language(bank_admin, client_for, published):
    client = client_for(bank_admin)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "核心工作风格问卷" in preview(client, published).content.decode()


def test_an_unknown_language_falls_back_to_english(bank_admin, client_for, published):
    html = preview(client_for(bank_admin), published, "fr").content.decode()
    assert "Core work-style inventory" in html


def test_a_missing_version_is_not_found(bank_admin, client_for, db):
    response = client_for(bank_admin).get(reverse("assessments:bank_preview", args=[999]))
    assert response.status_code == 404


def test_the_json_download_is_the_export_format(hr, client_for, published):
    response = client_for(hr).get(reverse("assessments:bank_export", args=[published.pk]))
    assert response.headers["Content-Disposition"] == 'attachment; filename="CORE-v1.json"'
    assert response.json()["items"][0]["anchors"]["zh-hans"][0] == "非常不同意"
