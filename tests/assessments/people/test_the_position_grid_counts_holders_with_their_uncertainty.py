"""A position's page counts its holders by quadrant as expected numbers with a range,
explains each quadrant in a sentence, and gives every chance between 1 and 99 in 100, in
English and Chinese."""

import re

from django.conf import settings
from django.urls import reverse


def page(client, position, language="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("assessments:position_have_need", args=[position.pk]))


def cell(html, attribute):
    found = re.search(rf'<td {attribute}>([^<]*)</td>', html)
    return found.group(1) if found else None


def test_three_holders_on_the_cut_off_count_as_about_two_of_three(hr, client_for,
                                                                  make_result, positions):
    analyst = positions["analyst"]  # needs high execution (T 55), little compression
    for name in ("Ann", "Bo", "Cy"):
        # T exactly at the cut-off: one chance in two of meeting the need.
        make_result(name, position=analyst, exe_t=55.0, se=5.0, cmp_t=30.0)
    html = page(client_for(hr), analyst).content.decode()
    # 1.5 expected; 3 coins at one half: 0 heads 1 time in 8, 3 heads 1 time in 8.
    assert cell(html, 'data-row-total="fit"') == "about 2 (0–3)"
    assert cell(html, 'data-row-total="gap"') == "about 2 (0–3)"
    # Just under 1.5: a compression T of 30 leaves a sliver of a chance of surplus.
    assert cell(html, 'data-cell="fit-out_of_scope"') == "about 1 (0–3)"
    assert cell(html, 'data-cell="fit-surplus"') == "about 0 (0–0)"
    assert cell(html, 'data-column-total="out_of_scope"') == "about 3 (3–3)"
    assert cell(html, "data-total") == "3"
    assert "range that holds the true number 9 times in 10" in html


def test_each_quadrant_is_explained_in_a_sentence(hr, client_for, make_result, positions):
    make_result("Ann", position=positions["analyst"])
    html = page(client_for(hr), positions["analyst"]).content.decode()
    explained = html[html.index("data-quadrants-explained"):]
    for sentence in (
        "The position needs this family and the person likely meets the need",
        "The position needs this family and the person likely falls short of it",
        "yet the person likely has it at a high level: a strength this position does not use",
        "likely does not have it at a high level either, so it does not matter here",
    ):
        assert sentence in explained


def test_no_chance_is_shown_as_certain(hr, client_for, make_result, positions):
    analyst = positions["analyst"]
    make_result("Sure", position=analyst, exe_t=90.0, cmp_t=20.0)
    make_result("Never", position=analyst, exe_t=20.0, cmp_t=20.0)
    html = page(client_for(hr), analyst).content.decode()
    assert "about 99 in 100 that they meet it" in html
    assert "about 1 in 100 that they meet it" in html
    assert "about 1 in 100 that they have it at a high level" in html
    for certain in ("about 0 in 100", "about 100 in 100", "1.00", "0.00"):
        assert certain not in html


def test_the_persons_page_gives_chances_in_100_too(hr, client_for, make_result, positions):
    result = make_result("Sure", position=positions["analyst"], exe_t=90.0, cmp_t=20.0)
    html = client_for(hr).get(reverse(
        "assessments:person", args=[result.assignment.employee_id])).content.decode()
    assert "Meeting both needs: about 99 in 100." in html
    for certain in ("about 0 in 100", "about 100 in 100", "1.00", "0.00"):
        assert certain not in html


def test_the_grid_and_its_key_read_in_chinese(hr, client_for, make_result, positions):
    analyst = positions["analyst"]
    for name in ("Ann", "Bo", "Cy"):
        make_result(name, position=analyst, exe_t=55.0, se=5.0, cmp_t=30.0)
    html = page(client_for(hr), analyst, "zh-hans").content.decode()
    assert cell(html, 'data-row-total="fit"') == "约 2 人（0–3）"
    assert "十次中有九次包含真实人数的范围" in html
    assert "这是该岗位用不上的长处。" in html
    assert "Surplus" not in html
