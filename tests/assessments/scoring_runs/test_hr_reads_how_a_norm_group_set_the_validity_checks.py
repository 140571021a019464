"""HR reads, on a norm group's page, how that group set each validity check: which
decide that a result is invalid, which only flag it, and, for a check this group made
a flag only, why in words. Nobody else reads it."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import NormGroup

ROLES = ["employee", "other_employee", "manager", "hr", "bank_admin", "outsider", "superuser"]
HR_ONLY = {"hr", "superuser"}


@pytest.fixture
def group(simulated_campaign, score_now):
    score_now(simulated_campaign(submitted=30))
    return NormGroup.objects.get()


def _url(group):
    return reverse("assessments:norm_group", args=[group.pk])


@pytest.mark.parametrize("role", ROLES)
def test_only_hr_reads_a_norm_groups_page(role, cast, client_for, group):
    response = client_for(cast[role]).get(_url(group))
    if role in HR_ONLY:
        assert response.status_code == 200
        assert "Validity checks with this norm group" in response.content.decode()
    else:
        assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_and_a_missing_group_is_not_found(
        group, hr, client_for):
    response = Client().get(_url(group))
    assert response.status_code == 302 and reverse("login") in response.url
    client = client_for(hr)
    assert client.get(reverse("assessments:norm_group", args=[99999])).status_code == 404
    assert client.post(_url(group)).status_code == 405


def test_every_check_says_what_its_flag_does_and_where_its_cut_was_set(group, hr,
                                                                       client_for):
    page = client_for(hr).get(_url(group)).content.decode()
    assert page.count("data-check=") == 11
    assert 'data-check="incomplete" data-effect="invalid"' in page
    assert 'data-check="unpatterned" data-effect="no_family"' in page
    assert "Answers as likely under random answering as under the items" in page
    assert "simulated attentive people" in page and "a fixed rule" in page
    assert "data-why-soft" not in page or "more than 1%" in page


def test_a_check_the_group_made_a_flag_only_says_why_in_words(group, hr, client_for):
    data = group.data
    data["screens"].update(misfit_hard=False, misfit_soft_reason="style_extreme")
    NormGroup.objects.filter(pk=group.pk).update(data=data)
    page = client_for(hr).get(_url(group)).content.decode()
    assert 'data-check="misfit" data-effect="no_family"' in page
    assert ("It flagged more than 1% of the simulated attentive people who favour the "
            "extreme answers") in page


def test_misfit_made_soft_by_a_null_narrower_than_the_group_says_so(group, hr, client_for):
    data = group.data
    data["screens"].update(misfit_hard=False, misfit_soft_reason="null_narrower")
    NormGroup.objects.filter(pk=group.pk).update(data=data)
    client = client_for(hr)
    page = client.get(_url(group)).content.decode()
    assert 'data-check="misfit" data-effect="no_family"' in page
    assert "the simulation cannot vouch for how often it would mark attentive people" in page
    page = client.get(_url(group), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "模拟无法担保" in page


def test_the_page_reads_in_chinese(group, hr, client_for):
    client = client_for(hr)
    page = client.get(_url(group), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "常模组" in page and "Validity checks with this norm group" not in page


def test_a_group_stored_in_an_older_form_says_its_checks_cannot_be_shown(group, hr,
                                                                         client_for):
    NormGroup.objects.filter(pk=group.pk).update(data={"scale_codes": []})
    page = client_for(hr).get(_url(group)).content.decode()
    assert "data-no-checks" in page


def test_the_campaign_page_links_to_its_norm_group(group, hr, client_for):
    page = client_for(hr).get(reverse("assessments:campaign_detail",
                                      args=[group.source_campaign_id])).content.decode()
    assert _url(group) in page


def test_a_measured_share_is_never_shown_as_a_declared_level(group, hr, client_for):
    data = group.data
    data["screens"].update(acquiescent_false_flag=0.004, alignment_random_catch=0.943)
    NormGroup.objects.filter(pk=group.pk).update(data=data)
    page = client_for(hr).get(_url(group)).content.decode()
    row = page.split('data-check="acquiescent"')[1].split("</tr>")[0]
    # Acquiescence's share is what its robust cut flagged here, not a level it was set to.
    assert row.count("—") == 2 and "0.40%" in row
    assert "94.3%" in page.split('data-check="misaligned"')[1].split("</tr>")[0]
