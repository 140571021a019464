from assessments.models import Answer, Assignment
from assessments.services import answering

from .conftest import autosave, url


def test_an_answer_before_the_notice_is_refused(client_for, employee, assignment):
    answering.start(assignment) if False else None
    item = assignment.campaign.bank_version.items.first()
    response = autosave(client_for(employee), assignment, item, 3, 1)
    assert response.status_code == 403
    assert not Answer.objects.exists()
    assignment.refresh_from_db()
    assert assignment.sequence == 0


def test_the_service_refuses_it_too(assignment):
    item = assignment.campaign.bank_version.items.first()
    try:
        answering.save_answer(assignment, item, 3, 1)
    except answering.NoticeNotAcknowledged:
        pass
    else:
        raise AssertionError("saved before the notice")
    assert not Answer.objects.exists()


def test_the_entry_page_shows_the_notice_first(client_for, employee, assignment):
    client = client_for(employee)
    response = client.get(url("assignment", assignment))
    assert response.status_code == 302
    assert response["Location"] == url("assignment_notice", assignment)
    page = client.get(url("assignment_page", assignment, 1))
    assert page["Location"] == url("assignment_notice", assignment)


def test_the_notice_covers_what_the_issue_asks_in_both_languages(client_for, employee,
                                                                  assignment):
    client = client_for(employee)
    text = client.get(url("assignment_notice", assignment)).content.decode()
    for phrase in ("Why we ask", "Who sees what", "How long it is kept",
                   "A person reviews every result", "How to contest"):
        assert phrase in text
    assert "本告知的中文版本" in text  # the other language, on the same page
    assert "谁能看到什么" in text
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    zh = client.get(url("assignment_notice", assignment)).content.decode()
    assert "谁能看到什么" in zh and "This notice in English" in zh


def test_acknowledging_records_the_version_and_time_then_resumes(client_for, employee,
                                                                 assignment, settings):
    response = client_for(employee).post(url("assignment_notice", assignment))
    assert response["Location"] == url("assignment", assignment)
    assignment.refresh_from_db()
    assert assignment.notice_version == settings.NOTICE_VERSION == "2026-1"
    assert assignment.notice_acknowledged_at is not None
    assert assignment.status == Assignment.Status.NOT_STARTED


def test_acknowledging_twice_keeps_the_first_time(assignment):
    assert answering.acknowledge_notice(assignment)
    first = assignment.notice_acknowledged_at
    assert not answering.acknowledge_notice(assignment)
    assignment.refresh_from_db()
    assert assignment.notice_acknowledged_at == first


def test_the_notice_version_follows_the_campaigns_when_it_has_one(assignment):
    assignment.campaign.notice_version = "2027-2"
    assert answering.notice_version(assignment.campaign) == "2027-2"
