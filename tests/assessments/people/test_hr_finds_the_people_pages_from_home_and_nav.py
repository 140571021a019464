"""HR reaches the people pages from the navigation bar and the home page; an employee
does not see the links."""

from django.urls import reverse


def test_hr_sees_links_to_the_people_pages(hr, client_for):
    content = client_for(hr).get(reverse("home")).content.decode()
    for name in ("people", "have_need", "two_functions"):
        assert content.count(f'href="{reverse(f"assessments:{name}")}"') == 2, name


def test_an_employee_sees_no_link_to_the_people_pages(employee, client_for):
    content = client_for(employee).get(reverse("home")).content.decode()
    assert reverse("assessments:people") not in content
