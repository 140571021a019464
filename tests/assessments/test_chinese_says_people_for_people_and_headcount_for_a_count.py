"""In Chinese the navigation's "People" (the people pages) reads 人员; where "People" heads a
count (the number of people behind a figure) it reads 人数. One English word, two meanings,
split by a translation context ("headcount")."""

from django.urls import reverse


def chinese(client):
    client.post(reverse("set_language"), {"language": "zh-hans"})
    return client


def test_the_navigation_leads_hr_to_the_people_not_to_a_headcount(hr, client_for):
    html = chinese(client_for(hr)).get(reverse("home")).content.decode()
    people = reverse("assessments:people")
    assert f'<a class="nav-link" href="{people}">人员</a>' in html
    assert "人数" not in html


def test_the_people_page_is_titled_people(hr, client_for):
    html = chinese(client_for(hr)).get(reverse("assessments:people")).content.decode()
    assert '<h1 class="h3 mb-3">人员</h1>' in html


def test_a_count_of_people_is_headed_headcount(bank_admin, client_for, simulated_campaign):
    campaign = simulated_campaign(submitted=30)
    html = chinese(client_for(bank_admin)).get(
        reverse("assessments:item_analysis", args=[campaign.pk])).content.decode()
    assert '<dt class="col-sm-3">人数</dt>' in html
    assert ">人员<" not in html.split("</nav>", 1)[1]


def test_english_says_people_in_both_places(bank_admin, client_for, simulated_campaign):
    campaign = simulated_campaign(submitted=30)
    html = client_for(bank_admin).get(
        reverse("assessments:item_analysis", args=[campaign.pk])).content.decode()
    assert '<dt class="col-sm-3">People</dt>' in html
