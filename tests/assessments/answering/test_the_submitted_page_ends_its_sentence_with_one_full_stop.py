"""The page after submitting says when, in the language's one date format, and the sentence
ends with one full stop (Django's English format ended in "a.m.", which read "4:24 a.m..")."""

import re
from datetime import UTC, datetime

from django.urls import reverse

from assessments.models import Assignment

MORNING = datetime(2026, 12, 6, 4, 24, tzinfo=UTC)


def submitted_page(client, assignment, language=None):
    Assignment.objects.filter(pk=assignment.pk).update(
        status=Assignment.Status.SUBMITTED, started_at=MORNING, submitted_at=MORNING)
    if language:
        client.post(reverse("set_language"), {"language": language})
    page = client.get(reverse("assessments:assignment_submitted", args=[assignment.pk]))
    assert page.status_code == 200
    return page.content.decode()


def test_the_english_page_gives_the_moment_and_one_full_stop(client_for, employee, assignment):
    html = submitted_page(client_for(employee), assignment)
    assert "You submitted Answering 2026 on 6 Dec 2026, 04:24. Your answers" in html
    assert not re.search(r"\d\s*(?:[ap]\.m\.)?\.\.(?!\.)", html)
    assert "a.m." not in html


def test_the_chinese_page_gives_the_moment_in_the_chinese_format(client_for, employee,
                                                                 assignment):
    html = submitted_page(client_for(employee), assignment, "zh-hans")
    # The campaign has no Chinese name: the English one is marked as English.
    assert "您已于 2026年12月6日 04:24 提交 <span lang=\"en\">Answering 2026</span>。" in html
    assert "。。" not in html and ".." not in html
