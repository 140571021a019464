"""Departments, positions and campaigns are named in the page's language: their Chinese
name on the Chinese pages, the English one on the English pages, and the other language's
name when one is missing, on every page a person reads them (dashboards, people, have and
need, two functions, campaigns, reviews, the employee's home and report)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.models import Assignment, Campaign, Result
from talent.languages import pick_name
from talent.models import Department, Position
from tests.assessments.dashboards.conftest import PLAN, fill_campaign
from tests.factories import make_bank

CHINESE = {"HQ": "总部", "UW": "核保部", "UW-A": "车险部"}  # INV has none


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def named(org, manager, hr, employee):
    """The dashboards' small organisation and known campaign, named in Chinese except
    Investment; the Underwriting people hold the analyst position, "核保分析师"."""
    org["UW-A"] = Department.objects.create(code="UW-A", name="Motor", parent=org["UW"])
    for code, name_zh in CHINESE.items():
        Department.objects.filter(code=code).update(name_zh=name_zh)
    Position.objects.filter(code="UW-ANL").update(title_zh="核保分析师")
    campaign = Campaign.objects.create(name="Known", name_zh="已知测评",
                                       bank_version=make_bank("KNOWN"),
                                       status=Campaign.Status.CLOSED)
    fill_campaign(campaign, PLAN, org)
    Assignment.objects.filter(department=org["UW"]).update(position=org["analyst"])
    Assignment.objects.create(campaign=campaign, employee=employee.employee,
                              department=org["UW"], position=org["analyst"])
    return campaign


def read(client, url, language):
    client.post(reverse("set_language"), {"language": language})
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_hrs_pages_name_departments_positions_and_campaigns_in_the_page_language(
        named, hr, client_for, language, org):
    shown = {"zh-hans": ["核保部", "车险部", "核保分析师", "已知测评"],
             "en": ["Underwriting", "Motor", "Underwriting analyst", "Known"]}[language]
    hidden = {"zh-hans": [">Underwriting<", ">Motor<", ">Underwriting analyst<", ">Known<"],
              "en": ["核保部", "车险部", "核保分析师", "已知测评"]}[language]
    client = client_for(hr)
    pages = {
        "campaign dashboard": (reverse("assessments:campaign_dashboard", args=[named.pk]),
                               [0, 1, 3]),
        "people": (reverse("assessments:people"), [0, 2, 3]),
        "campaign list": (reverse("assessments:campaign_list"), [3]),
        "campaign": (reverse("assessments:campaign_detail", args=[named.pk]), [0, 1, 3]),
        "assignments": (reverse("assessments:assignment_list", args=[named.pk]), [0, 2, 3]),
        "have and need": (reverse("assessments:have_need"), [0, 2]),
        "a position": (reverse("assessments:position_have_need", args=[org["analyst"].pk]),
                       [0, 2]),
        "a person": (reverse("assessments:person", args=[named.assignments.filter(
            department=org["UW"], results__isnull=False).first().employee_id]), [0, 2, 3]),
        "two functions": (reverse("assessments:two_functions"), [0, 1]),
        "review queue": (reverse("assessments:review_queue") + "?state=released", [0, 3]),
    }
    for page, (url, expected) in pages.items():
        html = read(client, url, language)
        for index in expected:
            assert shown[index] in html, (page, shown[index])
        if page == "campaign":  # it lists both of the campaign's names, on purpose
            html = html.replace('data-name="en">Known<', "").replace(
                '<span lang="zh-Hans">已知测评</span>', "")
        for text in hidden:
            assert text not in html, (page, text)


def test_a_department_without_a_chinese_name_shows_its_english_one_on_the_chinese_pages(
        named, hr, client_for):
    html = read(client_for(hr), reverse("assessments:campaign_dashboard", args=[named.pk]),
                "zh-hans")
    assert "Investment" in html and "核保部" in html


def test_the_managers_page_names_the_units_and_campaigns_in_chinese(named, manager,
                                                                   client_for):
    html = read(client_for(manager), reverse("assessments:manager_dashboard"), "zh-hans")
    assert "核保部" in html and "车险部" in html and "已知测评" in html
    assert ">Underwriting<" not in html and ">Known<" not in html


def test_the_employees_home_names_the_campaign_in_chinese(named, employee, client_for):
    html = read(client_for(employee), reverse("home"), "zh-hans")
    assert "已知测评" in html and ">Known<" not in html
    assert "Known" in read(client_for(employee), reverse("home"), "en")


def test_the_filters_offer_departments_positions_and_campaigns_in_the_page_language(
        named, hr, client_for):
    html = read(client_for(hr), reverse("assessments:people"), "zh-hans")
    assert ">核保部 (UW)</option>" in html and ">Investment (INV)</option>" in html
    assert ">核保分析师</option>" in html and ">已知测评</option>" in html


def test_sorting_by_department_follows_the_names_the_page_shows(named, hr, client_for):
    # In English Investment < Motor < Underwriting; in Chinese the Chinese names order
    # the rows (by code point: 核 U+6838 < 车 U+8F66), with Investment, which has none,
    # among them by its English name (Latin letters come first).
    client = client_for(hr)
    url = reverse("assessments:people") + "?sort=department"

    def departments(language):
        client.post(reverse("set_language"), {"language": language})
        rows = client.get(url).context["page"].object_list
        seen = []
        for r in rows:
            code = r.assignment.department.code
            if not seen or seen[-1] != code:
                seen.append(code)
        return seen

    assert departments("en") == ["INV", "UW-A", "UW"]
    assert departments("zh-hans") == ["INV", "UW", "UW-A"]
    # The cached page of one language is not served to the other.
    assert departments("en") == ["INV", "UW-A", "UW"]


def test_names_fall_back_to_the_other_language(db):
    assert pick_name("Claims", "理赔部", "zh-hans") == "理赔部"
    assert pick_name("Claims", "理赔部", "en") == "Claims"
    assert pick_name("Claims", "", "zh-hans") == "Claims"
    assert pick_name("", "理赔部", "en") == "理赔部"
    assert pick_name("", "", "en") == ""
    department = Department(code="CLM", name="Claims", name_zh="理赔部")
    position = Position(code="CLM-H", title="Claims handler", title_zh="")
    with translation.override("zh-hans"):
        assert (department.display_name, str(department)) == ("理赔部", "理赔部 (CLM)")
        assert position.display_name == str(position) == "Claims handler"
    with translation.override("en"):
        assert str(department) == "Claims (CLM)"


def test_the_export_carries_both_names_whatever_the_page_language(named, hr, client_for):
    client = client_for(hr)
    client.post(reverse("set_language"), {"language": "zh-hans"})
    body = b"".join(client.get(reverse("assessments:people_export_csv")).streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert Result.objects.exists() and rows
    ann = next(row for row in rows if row["department_at_launch"] == "Underwriting")
    assert (ann["campaign"], ann["campaign_zh"]) == ("Known", "已知测评")
    assert ann["department_at_launch_zh"] == "核保部"
    assert (ann["position_at_launch"], ann["position_at_launch_zh"]) == (
        "Underwriting analyst", "核保分析师")
    # The columns files had before keep their places; the Chinese ones come last.
    assert list(rows[0])[-3:] == ["campaign_zh", "department_at_launch_zh",
                                  "position_at_launch_zh"]


def test_a_name_shown_in_the_other_language_is_marked_with_that_language(
        named, hr, client_for, org):
    # Investment has no Chinese name: the Chinese pages show "Investment" and tell
    # screen readers (and fonts, and hyphenation) that it is English; names in the
    # page's language carry no mark.
    pages = [(hr, reverse("assessments:campaign_dashboard", args=[named.pk])),
             (hr, reverse("assessments:people") + "?sort=department"),
             (hr, reverse("assessments:assignment_list", args=[named.pk]))]
    for user, url in pages:
        html = read(client_for(user), url, "zh-hans")
        assert '<span lang="en">Investment</span>' in html, url
        assert '<span lang="en">核保部' not in html and '<span lang="zh-hans">核保部' not in html
        english = read(client_for(user), url, "en")
        assert "Investment" in english and '<span lang="en">Investment' not in english, url
    # An English page showing a name that exists only in Chinese marks it Chinese.
    Department.objects.filter(code="INV").update(name_zh="投资部")
    department = Department.objects.get(code="INV")
    department.name = ""
    from talent.templatetags.names import named as named_filter
    with translation.override("en"):
        assert named_filter(department) == '<span lang="zh-hans">投资部</span>'
    with translation.override("zh-hans"):
        assert named_filter(department) == "投资部"
        assert named_filter(None) == ""
