"""Every endpoint that accepts a POST refuses one without the CSRF token (403) and writes
nothing, for the role that may post there. Every route is in POSTS or GET_ONLY, so a new
route fails the first test until someone says which it is."""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .conftest import ROLES
from .routes import routed_names, url_of
from .test_every_route_answers_each_role_as_written_down import STATUS

# Route -> the role allowed to post there, and what a real form would send.
POSTS = {
    "login": ("anonymous", {"username": "employee", "password": "correct-horse-battery"}),
    "logout": ("employee", {}),
    "set_language": ("employee", {"language": "zh-hans", "next": "/"}),
    "admin:index": ("superuser", {"code": "NEW", "name": "New unit"}),  # the add form
    "talent:import_org": ("hr", {}),
    "talent:confirm_org_import": ("hr", {}),
    "talent:discard_org_import": ("hr", {}),
    "talent:provision_logins": ("hr", {}),
    "openid_connect_login": ("anonymous", {}),
    "mfa_setup": ("hr", {"code": "123456"}),
    "mfa_verify": ("hr", {"code": "123456"}),
    "mfa_deactivate": ("employee", {}),
    # A provider's form_post answer would come here; none is accepted without the token.
    "openid_connect_callback": ("anonymous", {"code": "x", "state": "y"}),
    "talent:resend_invitation": ("hr", {}),
    "password_reset": ("anonymous", {"email": "employee@example.com"}),
    "password_reset_confirm": ("anonymous", {"new_password1": "x" * 12,
                                             "new_password2": "x" * 12}),
    "set_password_from_invitation": ("anonymous", {"new_password1": "x" * 12,
                                                   "new_password2": "x" * 12}),
    "password_change": ("employee", {"old_password": "correct-horse-battery",
                                     "new_password1": "x" * 12, "new_password2": "x" * 12}),
    "assessments:campaign_create": ("hr", {"name": "Stolen", "bank_version": "1"}),
    "assessments:launch_campaign": ("hr", {}),
    "assessments:close_campaign": ("hr", {}),
    "assessments:remind_campaign": ("hr", {}),
    "assessments:invite_campaign": ("hr", {}),
    "assessments:share_campaign": ("hr", {}),
    "assessments:erase_person": ("hr", {"reason": "", "confirm": ""}),
    "assessments:score_campaign": ("hr", {}),
    "assessments:review_decide": ("hr", {"action": "release", "round": "0",
                                         "reason": "Looks right."}),
    "assessments:review_bulk_confirm": ("hr", {"action": "release", "ids": "1"}),
    "assessments:assignment_notice": ("employee", {"agree": "on"}),
    "assessments:assignment_page": ("employee", {"EXE01": "3"}),
    "assessments:assignment_autosave": ("employee", {"item": "EXE01", "value": "3"}),
    "assessments:assignment_submit": ("employee", {}),
    "assessments:contest_result": ("employee", {"comment": "This is not me at all."}),
    "assessments:import_outcomes": ("hr", {}),
    "assessments:confirm_outcome_import": ("hr", {"token": "x"}),
    "integrations:tokens": ("hr", {"username": "hr", "name": "x", "scopes": ["org:read"],
                                   "days": "30"}),
    "integrations:token_revoke": ("hr", {}),
    "integrations:webhooks": ("hr", {"url": "https://93.184.216.34/", "events": ["sync.paused"]}),
    "integrations:webhook_deactivate": ("hr", {}),
    "talent:org_sync_decide": ("hr", {"action": "discard"}),
    "assessments:bank_start_draft": ("bank_admin", {}),
    "assessments:bank_publish": ("bank_admin", {}),
    "assessments:bank_item_save": ("bank_admin", {"text_en": "x", "text_zh_hans": "x",
                                                  "scale": "1"}),
    "assessments:bank_item_move": ("bank_admin", {"direction": "down"}),
    "assessments:bank_pair_add": ("bank_admin", {"item_a": "1", "item_b": "2",
                                                 "relation": "same"}),
    "assessments:bank_pair_remove": ("bank_admin", {}),
}

GET_ONLY = {
    "home", "healthz", "healthz_live", "healthz_ready", "talent:org_syncs", "talent:org_sync",
    "talent:org_import",
    "talent:logins", "password_reset_done", "password_reset_complete", "password_change_done",
    "mfa_manage",
    "assessments:bank_preview", "assessments:bank_export",
    "assessments:bank_list", "assessments:bank_version", "assessments:bank_changes",
    "assessments:bank_checks", "assessments:bank_item", "assessments:bank_item_edit",
    "assessments:campaign_list", "assessments:audience_preview",
    "assessments:campaign_detail", "assessments:assignment_list",
    "assessments:campaign_dashboard", "assessments:run_progress", "assessments:unit_trend",
    "assessments:norm_group",
    "assessments:item_analysis", "assessments:manager_dashboard",
    "assessments:people", "assessments:people_export_csv", "assessments:people_export_xlsx",
    "assessments:export_progress", "assessments:export_download", "assessments:person",
    "assessments:have_need", "assessments:position_have_need", "assessments:two_functions",
    "assessments:assignment", "assessments:assignment_submitted", "assessments:my_report",
    "assessments:review_queue", "assessments:review_result", "assessments:review_bulk_preview",
    "assessments:my_data_json", "assessments:my_data_csv",
    "assessments:evidence", "assessments:criterion_evidence", "assessments:retest",
    "assessments:access_records", "assessments:access_records_csv",
}


# The API takes bearer tokens only, never the session cookie, so cross-site requests
# carry no credentials and CSRF does not apply (tests/api/ proves a session is refused).
API = {name for name in routed_names() if name.startswith(("api:", "scim:"))}
# The mail provider's delivery webhook carries no session either: it proves itself with
# its secret (tests/talent/test_the_mail_provider_reports_what_happened_to_each_message.py).
WEBHOOKS = {"mail_events"}


def test_every_route_is_either_posted_to_or_read_only():
    assert not set(POSTS) & GET_ONLY
    assert set(POSTS) | GET_ONLY | API | WEBHOOKS == routed_names()


def counts():
    """Rows per table of the project's own apps (and sessions' languages aside)."""
    return {model._meta.label: model._default_manager.count()
            for app in ("talent", "assessments") for model in apps.get_app_config(app).get_models()}


@pytest.mark.parametrize("name", sorted(POSTS))
def test_a_post_without_the_token_is_refused_and_writes_nothing(name, world, client_as):
    role, data = POSTS[name]
    url = reverse("admin:talent_department_add") if name == "admin:index" else url_of(name, world)
    if name == "talent:import_org":
        data = {"file": SimpleUploadedFile("org.csv", b"employee_id,name\nX1,Mallory\n")}
    client = client_as(role, enforce_csrf_checks=True)
    before = counts()

    response = client.post(url, data)

    assert response.status_code == 403, (url, response.status_code)
    assert counts() == before


@pytest.mark.parametrize("name", sorted(GET_ONLY))
def test_a_read_only_route_refuses_a_post(name, world, client_as):
    """Without CSRF checks (as a script would post): read-only pages say 405 (the home
    page used to render a POST as if it were a GET)."""
    # (409: the role may open it, the object is in a state that refuses; the bank
    # editor's item form on a published version.)
    role = next(r for r in ROLES[1:]
                if STATUS[name].split()[ROLES.index(r)] in ("200", "302", "409"))
    before = counts()
    response = client_as(role).post(url_of(name, world), {})
    assert response.status_code == 405, (name, role, response.status_code)
    assert counts() == before
