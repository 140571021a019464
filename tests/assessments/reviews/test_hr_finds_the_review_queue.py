"""HR reaches the review queue from the navigation and from the home card, which says
how many results wait; other roles see neither."""

from django.urls import reverse

from assessments.models import Result


def test_hr_home_links_the_queue_with_the_number_waiting(scored, hr, client_for):
    results = scored(4)
    Result.objects.filter(pk=results[0].pk).update(review_state="withheld")
    page = client_for(hr).get("/").content.decode()
    queue = reverse("assessments:review_queue")
    assert page.count(f'href="{queue}"') == 2  # navigation and home card
    assert 'data-count="awaiting-review">3 awaiting' in page


def test_an_employee_sees_no_link_to_the_queue(employee, client_for):
    page = client_for(employee).get("/").content.decode()
    assert reverse("assessments:review_queue") not in page
