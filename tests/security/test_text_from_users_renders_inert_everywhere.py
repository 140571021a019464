"""Text that users or imports put in (item texts in both languages, scale and bank names,
department and position names, employee names, campaign names, contest comments and review
reasons) is shown inert on every page that shows it: HTML escaped, never markup, never a
`javascript:` link, template syntax shown as typed, not evaluated.

Each payload is written into every such field at once; every page listed below, opened by
the role that reads it (in English and in Chinese), must show the payload escaped at least
once and never raw. Run with -s for payloads × places.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from assessments.models import (
    Campaign,
    Contest,
    QuestionBank,
    Result,
    ReviewDecision,
)
from assessments.services import answering
from talent.models import Department, Employee, Position

PAYLOADS = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(document.cookie)",
    '<a href="javascript:alert(1)">click</a>',
    "{{ 7|add:35 }} {% now 'Y' %} {# hidden #}",
    "\u202e<b>exe.txt</b>\u202c",
    "zero\u200bwidth\u200d<i>x</i>\ufeff",
    "'';!--\"<XSS>=&{()}",
]

# The payloads' telltales: none may appear in a page as markup (the pages' own scripts
# are <script src=...> and json_script's <script id=... type="application/json">).
RAW = re.compile(r"<script>alert|<img src=x|<svg onload|<xss>|"
                 r"<b>exe|<i>x</i>|(?:href|src|action)\s*=\s*[\"']?\s*javascript:",
                 re.IGNORECASE)


def put_everywhere(payload, world, users):
    """The payload (with a per-field tag) into every field a user or an import fills."""
    # (Item texts and scale names went in as the bank was written: `bank_text`.)
    version = world["version"]
    QuestionBank.objects.filter(pk=version.bank_id).update(
        name={"en": f"{payload} bank", "zh-hans": f"{payload} 题库"})
    Department.objects.update(name=payload[:100])
    Position.objects.update(title=payload[:100])
    Employee.objects.update(name=payload)
    for campaign in Campaign.objects.all():  # names are unique
        Campaign.objects.filter(pk=campaign.pk).update(name=f"{payload} {campaign.pk}")
    result = world["results"]["employee"]
    ReviewDecision.objects.create(result=result, reviewer=users["hr"], decision="release",
                                  family="execution", reason=payload)
    Result.objects.filter(pk=result.pk).update(review_state=Result.ReviewState.CONTESTED,
                                               review_round=result.review_round + 1)
    Contest.objects.create(result=result, employee=result.assignment.employee,
                           comment=payload)


def pages(world, users):
    """(role, url) of every page that shows some of those fields."""
    pending = world["pending"]["employee"]
    closed, open_ = world["closed"].pk, world["open"].pk
    a = "assessments:"
    return [
        ("employee", reverse("home")),
        ("employee", reverse(a + "assignment_notice", args=[pending.pk])),
        ("employee", reverse(a + "assignment_page", args=[pending.pk, 1])),
        ("employee", reverse(a + "my_report", args=[world["results"]["employee"].assignment_id])),
        ("manager", reverse(a + "manager_dashboard")),
        ("bank_admin", reverse(a + "bank_preview", args=[world["version"].pk])),
        ("hr", reverse(a + "campaign_list")),
        ("hr", reverse(a + "campaign_create")),
        ("hr", reverse(a + "campaign_detail", args=[open_])),
        ("hr", reverse(a + "campaign_detail", args=[closed])),
        ("hr", reverse(a + "assignment_list", args=[open_])),
        ("hr", reverse(a + "campaign_dashboard", args=[closed])),
        ("hr", reverse(a + "people")),
        ("hr", reverse(a + "person", args=[users["employee"].employee.pk])),
        ("hr", reverse(a + "have_need")),
        ("hr", reverse(a + "position_have_need", args=[world["position"].pk])),
        ("hr", reverse(a + "two_functions")),
        ("hr", reverse(a + "review_queue") + "?state=contested"),
        ("hr", reverse(a + "review_result", args=[world["results"]["employee"].pk])),
        # The admin's lists and forms of the same records.
        ("hr", reverse("admin:talent_employee_changelist")),
        ("hr", reverse("admin:talent_department_changelist")),
        ("hr", reverse("admin:talent_position_changelist")),
        ("hr", reverse("admin:assessments_campaign_changelist")),
        ("hr", reverse("admin:talent_employee_change", args=[users["employee"].employee.pk])),
        # The bank editor on the site: the list, a version and a marked preview.
        ("bank_admin", reverse(a + "bank_list")),
        ("bank_admin", reverse(a + "bank_version", args=[world["version"].pk])),
        ("bank_admin", reverse(a + "bank_preview", args=[world["version"].pk]) + "?key=1"),
        ("bank_admin", reverse("admin:assessments_item_changelist")),
        ("bank_admin", reverse("admin:assessments_questionbank_changelist")),
        ("bank_admin", reverse("admin:assessments_bankversion_change",
                               args=[world["version"].pk])),
        ("bank_admin", reverse("admin:assessments_item_change",
                               args=[world["version"].items.first().pk])),
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("bank_text", PAYLOADS, ids=range(len(PAYLOADS)))
def test_text_from_users_renders_inert_everywhere(bank_text, language, world, users,
                                                  client_as):
    payload = bank_text
    n = PAYLOADS.index(payload)
    put_everywhere(payload, world, users)
    answering.acknowledge_notice(world["pending"]["employee"])
    shown = escape(payload)
    places, missing = 0, []
    for role, url in pages(world, users):
        client = client_as(role)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        body = response.content.decode()
        assert not RAW.search(body), (role, url, RAW.search(body).group())
        if "<" in payload:
            assert payload not in body, (role, url)
        if shown not in body:
            missing.append((role, url))
            continue
        # (Shown escaped, as typed, is also the proof that template syntax was not
        # evaluated: "{{ 7|add:35 }}" is on the page, not 42.)
        places += 1
    assert not missing, missing
    print(f"\nXSS payload {n} ({language}): {places} places inert")
