"""A campaign may have a name in Chinese: HR gives it on the new-campaign page (or through
the API), the Chinese pages and the Chinese half of each email show it, and without one
they show the English name. A name too long is refused and nothing is created."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Assignment, Campaign
from assessments.services import campaigns, messages

URL = "assessments:campaign_create"


def _form(bank, **overrides):
    data = {"name": "Autumn 2026", "bank_version": bank.pk, "audience_all": "on",
            "opens_at": "", "closes_at": "2099-01-31T17:00", "notice_version": "2026-1"}
    return data | overrides


def _in(client, language):
    client.post(reverse("set_language"), {"language": language})
    return client


def test_hr_gives_the_chinese_name_on_the_new_campaign_page(hr, client_for, bank):
    client = client_for(hr)
    form = client.get(reverse(URL)).content.decode()
    assert 'name="name_zh"' in form and 'lang="zh-Hans"' in form
    response = client.post(reverse(URL), _form(bank, name_zh="  2026 年秋季测评 "))
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.name, campaign.name_zh) == ("Autumn 2026", "2026 年秋季测评")


def test_the_chinese_page_calls_it_by_its_chinese_name_and_the_english_page_by_its_english(
        hr, client_for, draft):
    campaign = draft(name="Autumn 2026", name_zh="2026 年秋季测评")
    url = reverse("assessments:campaign_detail", args=[campaign.pk])
    chinese = _in(client_for(hr), "zh-hans").get(url).content.decode()
    assert "<h1 class=\"h3\">2026 年秋季测评</h1>" in chinese
    english = client_for(hr).get(url).content.decode()
    assert "<h1 class=\"h3\">Autumn 2026</h1>" in english
    # HR sees both names on the campaign's page, whichever the language.
    assert 'data-name="en">Autumn 2026<' in english
    assert '<span lang="zh-Hans">2026 年秋季测评</span>' in english
    listed = _in(client_for(hr), "zh-hans").get(reverse("assessments:campaign_list"))
    assert "2026 年秋季测评" in listed.content.decode()


def test_without_a_chinese_name_the_chinese_page_shows_the_english_one(hr, client_for, bank):
    response = client_for(hr).post(reverse(URL), _form(bank, name_zh=""))
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.name_zh == ""
    page = _in(client_for(hr), "zh-hans").get(
        reverse("assessments:campaign_detail", args=[campaign.pk])).content.decode()
    # Marked as English, so that a screen reader does not read it as Chinese.
    assert '<h1 class="h3"><span lang="en">Autumn 2026</span></h1>' in page
    assert "无：中文页面显示英文名称。" in page


def test_a_chinese_name_too_long_is_refused_and_nothing_is_created(hr, client_for, bank):
    response = client_for(hr).post(reverse(URL), _form(bank, name_zh="秋" * 201))
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert not Campaign.objects.exists()
    # The service says so too, for the API and the commands.
    with pytest.raises(ValidationError) as refused:
        campaigns.create_campaign(name="X", name_zh="秋" * 201, bank_version=bank,
                                  audience_all=True)
    assert "longer than 200" in str(refused.value.message_dict["name_zh"])
    assert not Campaign.objects.exists()


def test_each_half_of_the_invitation_names_the_campaign_in_its_language(draft, employee,
                                                                       mailoutbox):
    campaigns.launch(draft(name="Autumn 2026", name_zh="2026 年秋季测评"))
    messages.send_invitation(Assignment.objects.get(employee=employee.employee).pk)
    email = mailoutbox[0]
    english, chinese = email.body.split("----------")
    assert "Autumn 2026" in english and "2026 年秋季测评" not in english
    assert "2026 年秋季测评" in chinese and "Autumn 2026" not in chinese
    assert email.subject.startswith("Your assessment: Autumn 2026 / ")
    assert email.subject.endswith("2026 年秋季测评")


def test_the_employees_pages_name_their_campaign_in_chinese(draft, employee, client_for):
    campaign = draft(name="Autumn 2026", name_zh="2026 年秋季测评")
    campaigns.launch(campaign)
    client = _in(client_for(employee), "zh-hans")
    home = client.get(reverse("home")).content.decode()
    assert "2026 年秋季测评" in home and "Autumn 2026" not in home
