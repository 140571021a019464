"""The new-campaign page has no English left on the Chinese site: the bank version's empty
choice and the time-zone help under the dates are translated (the help used to be
translated once, when the form module was imported, so it stayed English)."""

from django.urls import reverse

URL = "assessments:campaign_create"


def page(client, language=None):
    if language:
        client.post(reverse("set_language"), {"language": language})
    return client.get(reverse(URL)).content.decode()


def test_the_chinese_page_asks_for_a_version_and_names_the_zone_in_chinese(hr, client_for,
                                                                           bank):
    html = page(client_for(hr), "zh-hans")
    assert '<option value="" selected>请选择已发布的版本</option>' in html
    assert html.count("按本站时区（UTC）。") == 2  # opens and closes
    assert "Select an option" not in html and "time zone" not in html


def test_the_english_page_says_the_same_in_english(hr, client_for, bank):
    html = page(client_for(hr))
    assert '<option value="" selected>Choose a published version</option>' in html
    assert html.count("In the site's time zone (UTC).") == 2


def test_the_help_names_the_zone_the_site_runs_in(hr, client_for, bank, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    assert "按本站时区（Asia/Shanghai）。" in page(client_for(hr), "zh-hans")
