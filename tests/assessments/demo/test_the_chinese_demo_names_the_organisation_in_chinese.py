"""The demo names its departments, positions and campaigns in Chinese too, so the Chinese
demo reads Chinese; a demo seeded before they had Chinese names gets them when seeded
again."""

import io

from django.core.management import call_command
from django.urls import reverse

from assessments.demo import DEMO_CAMPAIGN
from assessments.models import Campaign
from talent.models import Department, Position, User


def test_the_demo_names_everything_in_chinese_and_the_chinese_dashboard_shows_it(db, client):
    call_command("seed_demo", employees=60, stdout=io.StringIO())
    assert not Department.objects.filter(name_zh="").exists()
    assert not Position.objects.filter(title_zh="").exists()
    assert not Campaign.objects.filter(name_zh="").exists()
    client.force_login(User.objects.get(username="hr"))
    client.post(reverse("set_language"), {"language": "zh-hans"})
    campaign = Campaign.objects.get(name=DEMO_CAMPAIGN)
    html = client.get(reverse("assessments:campaign_dashboard", args=[campaign.pk]))
    assert "2026 年演示测评" in html.content.decode() and "核保部" in html.content.decode()


def test_seeding_again_names_an_older_demo_in_chinese(db):
    call_command("seed_demo", employees=60, stdout=io.StringIO())
    Department.objects.update(name_zh="")
    Position.objects.update(title_zh="")
    Campaign.objects.update(name_zh="")
    call_command("seed_demo", employees=60, stdout=io.StringIO())
    assert Department.objects.get(code="UW").name_zh == "核保部"
    assert Position.objects.get(code="UW-ANL").title_zh == "核保分析师"
    assert Campaign.objects.get(name=DEMO_CAMPAIGN).name_zh == "2026 年演示测评"
