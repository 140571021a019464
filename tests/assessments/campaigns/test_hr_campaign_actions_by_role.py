"""Every new HR page and action, for each role in the cast: HR and the superuser may,
everyone else gets 403 (and nothing changes); anonymous visitors are sent to log in;
actions are POST-only (405) and need a CSRF token (403); unknown ids are 404."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assignment, Campaign, Message

from .conftest import HR_ONLY, ROLES


@pytest.fixture
def both(draft, launched, cast):
    """A draft and an open campaign."""
    return {"draft": draft(name="Draft one"), "open": launched(name="Open one")[0]}


def _state():
    return (list(Campaign.objects.order_by("pk").values_list("status", "closed_at")),
            Assignment.objects.count(), Message.objects.count())


PAGES = {
    "create": lambda c: reverse("assessments:campaign_create"),
    "preview": lambda c: reverse("assessments:audience_preview") + "?audience_all=on",
    "draft_detail": lambda c: reverse("assessments:campaign_detail", args=[c["draft"].pk]),
    "open_detail": lambda c: reverse("assessments:campaign_detail", args=[c["open"].pk]),
    "assignments": lambda c: reverse("assessments:assignment_list", args=[c["open"].pk]),
}
ACTIONS = {
    "launch": lambda c: reverse("assessments:launch_campaign", args=[c["draft"].pk]),
    "remind": lambda c: reverse("assessments:remind_campaign", args=[c["open"].pk]),
    "invite": lambda c: reverse("assessments:invite_campaign", args=[c["open"].pk]),
    "close": lambda c: reverse("assessments:close_campaign", args=[c["open"].pk]),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_the_hr_campaign_pages_it_may(page, role, cast, client_for, both):
    response = client_for(cast[role]).get(PAGES[page](both))
    assert response.status_code == (200 if role in HR_ONLY else 403)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", sorted(set(ROLES) - HR_ONLY))
def test_only_hr_can_launch_remind_or_close(action, role, cast, client_for, both):
    before = _state()
    response = client_for(cast[role]).post(ACTIONS[action](both))
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("role", sorted(set(ROLES) - HR_ONLY))
def test_only_hr_can_create_a_campaign(role, cast, client_for, bank):
    response = client_for(cast[role]).post(reverse("assessments:campaign_create"), {
        "name": "Sneaky", "bank_version": bank.pk, "audience_all": "on",
        "notice_version": "2026-1"})
    assert response.status_code == 403 and not Campaign.objects.exists()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", sorted(HR_ONLY))
def test_hr_and_the_superuser_can_act(action, role, cast, client_for, both):
    response = client_for(cast[role]).post(ACTIONS[action](both))
    assert response.status_code == 302


@pytest.mark.parametrize("url", [*PAGES, *ACTIONS])
def test_anonymous_visitors_are_sent_to_log_in(url, both):
    before = _state()
    target = {**PAGES, **ACTIONS}[url](both)
    response = Client().post(target) if url in ACTIONS else Client().get(target)
    assert response.status_code == 302 and reverse("login") in response.url
    assert _state() == before


@pytest.mark.parametrize("action", ACTIONS)
def test_actions_are_post_only(action, hr, client_for, both):
    before = _state()
    assert client_for(hr).get(ACTIONS[action](both)).status_code == 405
    assert _state() == before


@pytest.mark.parametrize("action", [*ACTIONS, "create"])
def test_actions_need_a_csrf_token(action, hr, both, bank):
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr)
    before = _state()
    url = reverse("assessments:campaign_create") if action == "create" else ACTIONS[action](both)
    response = client.post(url, {"name": "X", "bank_version": bank.pk, "audience_all": "on",
                                 "notice_version": "2026-1"})
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("name", ["launch_campaign", "remind_campaign", "invite_campaign",
                                  "close_campaign", "assignment_list", "campaign_detail"])
def test_unknown_campaigns_are_not_found(name, hr, client_for):
    url = reverse(f"assessments:{name}", args=[99999])
    client = client_for(hr)
    response = client.get(url) if name in ("assignment_list", "campaign_detail") \
        else client.post(url)
    assert response.status_code == 404


def test_the_campaign_list_offers_a_new_campaign_to_hr_only(cast, client_for):
    url = reverse("assessments:campaign_list")
    assert b"New campaign" in client_for(cast["hr"]).get(url).content
    assert client_for(cast["employee"]).get(url).status_code == 403
