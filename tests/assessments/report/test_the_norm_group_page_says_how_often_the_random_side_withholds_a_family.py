"""The norm group's page says, beside its validity checks, that answers on the random
side of the group's null get no family without a flag, with the share of simulated
attentive people that cut was set to reach at most, the share it reaches and the share
of uniform random answers it reaches (all stored by the norm build, null.py)."""

import re
from types import SimpleNamespace

from django.urls import reverse

from assessments.reports.norm_standing import random_side


def test_the_page_gives_the_random_sides_declared_and_measured_shares(make_result, hr,
                                                                      client_for):
    group = make_result("execution").norm_group
    # the report fixture's 400 simulated people put the random side at the flag's own cut
    # (it withholds nothing more there); a group whose cut reaches further, as the stress
    # models' do, is written into its stored screens
    screens = group.data["screens"]
    screens.update(random_like_family_cut=screens["random_like_cut"] + 0.05,
                   random_like_family_null_rate=0.0123, random_like_family_random_rate=0.9456,
                   random_side_null_rate=0.02)
    group.save()
    side = random_side(group)
    assert side is not None
    assert side == {"declared": 0.02, "measured": 0.0123, "random": 0.9456}
    page = client_for(hr).get(reverse("assessments:norm_group", args=[group.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    paragraph = re.search(r"<p class=\"small\" data-random-side>(.*?)</p>", text, re.S)
    assert paragraph, text
    words = paragraph.group(1)
    assert "no family is named" in words and "stays valid" in words
    assert f"at most {100 * side['declared']:.1f}%" in words
    assert f"reaches {100 * side['measured']:.1f}% of them" in words
    assert f"{100 * side['random']:.1f}% of uniform random answers" in words


def _group(screens):
    return SimpleNamespace(norms=lambda: SimpleNamespace(screens=screens))


def test_nothing_is_said_where_the_flag_reaches_as_far_as_the_random_side(make_result):
    group = make_result("execution").norm_group
    screens = group.norms().screens
    assert screens["random_like_family_cut"] <= screens["random_like_cut"]   # as measured
    assert random_side(group) is None


def test_the_shares_come_from_the_groups_stored_screens():
    assert random_side(_group({"random_like_cut": 0.02})) is None           # before v8
    assert random_side(_group({"random_like_cut": 0.06,
                               "random_like_family_cut": 0.05})) is None    # long scales
    assert random_side(_group({"random_like_cut": 0.02, "random_like_family_cut": 0.07,
                               "random_side_null_rate": 0.02,
                               "random_like_family_null_rate": 0.01,
                               "random_like_family_random_rate": 0.98})) == {
        "declared": 0.02, "measured": 0.01, "random": 0.98}
