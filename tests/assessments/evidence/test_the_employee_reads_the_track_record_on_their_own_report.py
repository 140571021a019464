"""The person reading their own released report sees, under their family, the one
sentence saying what evidence stands behind it on this bank, in their language."""

import pytest
from django.conf import settings
from django.urls import reverse

from assessments.models import Result
from talent.models import Employee

from .conftest import an_execution_result, track_record_in


@pytest.mark.parametrize(("language", "lead", "outcomes"), [
    ("en", "The evidence behind this family:",
     "It has not yet been tested against outcomes in this organisation."),
    ("zh-hans", "此角色类型背后的证据：", "尚未在本组织中对照工作结果进行检验。"),
])
def test_the_employee_reads_the_track_record_on_their_own_report(
        evidence_world, employee, client_for, language, lead, outcomes):
    world = evidence_world(n=30)   # too few people rated for an outcome verdict
    result = an_execution_result(world)
    # The employee signing in is the person assessed in this result, and HR released it.
    Employee.objects.filter(user=employee).update(user=None)
    Employee.objects.filter(assignments__pk=result.assignment_id).update(user=employee)
    Result.objects.filter(pk=result.pk).update(review_state="released",
                                               released_family="execution")
    client = client_for(employee)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(reverse("assessments:my_report", args=[result.assignment_id]))

    _, sentence = track_record_in(page, "</p>")
    assert sentence.startswith(lead) and outcomes in sentence
