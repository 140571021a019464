"""Every route the project serves × every role: the status each one gets, written down once.

The routes come from the URL resolver, so a new route without a row here fails the first
test. Then objects of another person or another unit are swapped into every URL that
takes an id of something a person owns (IDOR probes): the answer is 404, never the page.
Run with -s for the counts.
"""

from django.urls import reverse

from assessments.models import Answer, Contest

from .conftest import ROLES
from .routes import routed_names, url_of

# Columns, in order: anonymous, employee, other_employee, manager (of Underwriting),
# other_manager (of Investment), hr, bank_admin, superuser (who has no employee record:
# no assignment, no own data). Anonymous visitors are sent to log in (302). "405" is a
# POST-only endpoint opened with GET; its POSTs are proven in the CSRF test and below.
# The employee's own assignment and report are in the URLs; everybody else gets 404.
#                                     anon emp  oth  mgr  omg  hr   bank root
STATUS = {
    "home":                             "302 200 200 200 200 200 200 200",
    "healthz":                          "200 200 200 200 200 200 200 200",
    "healthz_live":                     "200 200 200 200 200 200 200 200",
    "healthz_ready":                    "200 200 200 200 200 200 200 200",
    # No MAIL_PROVIDER here: the delivery webhook's address does not exist.
    "mail_events":                      "404 404 404 404 404 404 404 404",
    "login":                            "200 302 302 302 302 302 302 302",
    "logout":                           "302 405 405 405 405 405 405 405",
    "set_language":                     "302 302 302 302 302 302 302 302",
    "admin:index":                      "302 302 302 302 302 200 200 200",
    "talent:import_org":                "302 403 403 403 403 200 403 200",
    "talent:org_import":                "302 403 403 403 403 200 403 200",
    "talent:confirm_org_import":        "302 405 405 405 405 405 405 405",
    "talent:discard_org_import":        "302 405 405 405 405 405 405 405",
    "talent:org_syncs":                 "302 403 403 403 403 200 403 200",
    "talent:org_sync":                  "302 403 403 403 403 200 403 200",
    "talent:org_sync_decide":           "302 405 405 405 405 405 405 405",
    # Who can sign in (HR); the invitation and reset links answer anybody (a bad link
    # says so); changing one's password needs a login.
    "talent:logins":                    "302 403 403 403 403 200 403 200",
    "talent:provision_logins":          "302 405 405 405 405 405 405 405",
    "talent:resend_invitation":         "302 405 405 405 405 405 405 405",
    "set_password_from_invitation":     "200 200 200 200 200 200 200 200",
    "password_reset":                   "200 200 200 200 200 200 200 200",
    "password_reset_done":              "200 200 200 200 200 200 200 200",
    "password_reset_confirm":           "200 200 200 200 200 200 200 200",
    "password_reset_complete":          "200 200 200 200 200 200 200 200",
    "password_change":                  "302 200 200 200 200 200 200 200",
    "password_change_done":             "302 200 200 200 200 200 200 200",
    # The second factor: every signed-in person (the cast has passed it, see
    # tests/conftest.py: there is nothing to verify, so verify sends them on).
    "mfa_manage":                       "302 200 200 200 200 200 200 200",
    "mfa_setup":                        "302 200 200 200 200 200 200 200",
    "mfa_verify":                       "302 302 302 302 302 302 302 302",
    "mfa_deactivate":                   "302 405 405 405 405 405 405 405",
    # Single sign-on (no provider configured here: the sign-in cannot start).
    "openid_connect_login":             "404 404 404 404 404 404 404 404",
    "openid_connect_callback":          "404 404 404 404 404 404 404 404",
    # Banks: bank admins author, HR reads.
    "assessments:bank_preview":         "302 403 403 403 403 200 200 200",
    "assessments:bank_export":          "302 403 403 403 403 200 200 200",
    # The bank editor: bank admins only (HR reads banks in the admin). The world's
    # version is published, so opening an item's form says 409 (not a draft).
    "assessments:bank_list":            "302 403 403 403 403 403 200 200",
    "assessments:bank_version":         "302 403 403 403 403 403 200 200",
    "assessments:bank_changes":         "302 403 403 403 403 403 200 200",
    "assessments:bank_checks":          "302 403 403 403 403 403 200 200",
    "assessments:bank_item":            "302 403 403 403 403 403 200 200",
    "assessments:bank_item_edit":       "302 403 403 403 403 403 409 409",
    **{f"assessments:{name}":           "302 405 405 405 405 405 405 405" for name in (
        "bank_start_draft", "bank_publish", "bank_item_save", "bank_item_move",
        "bank_pair_add", "bank_pair_remove")},
    # Campaigns: HR only (bank admins also read the item analysis).
    "assessments:campaign_list":        "302 403 403 403 403 200 403 200",
    "assessments:campaign_create":      "302 403 403 403 403 200 403 200",
    "assessments:audience_preview":     "302 403 403 403 403 200 403 200",
    "assessments:campaign_detail":      "302 403 403 403 403 200 403 200",
    "assessments:assignment_list":      "302 403 403 403 403 200 403 200",
    "assessments:campaign_dashboard":   "302 403 403 403 403 200 403 200",
    "assessments:unit_trend":           "302 403 403 403 403 200 403 200",
    "assessments:run_progress":         "302 403 403 403 403 200 403 200",
    "assessments:norm_group":           "302 403 403 403 403 200 403 200",
    "assessments:item_analysis":        "302 403 403 403 403 200 200 200",
    "assessments:score_campaign":       "302 405 405 405 405 405 405 405",
    "assessments:launch_campaign":      "302 405 405 405 405 405 405 405",
    "assessments:close_campaign":       "302 405 405 405 405 405 405 405",
    "assessments:remind_campaign":      "302 405 405 405 405 405 405 405",
    "assessments:invite_campaign":      "302 405 405 405 405 405 405 405",
    "assessments:share_campaign":       "302 405 405 405 405 405 405 405",
    # A manager's aggregates of the units they head (a superuser sees every unit).
    "assessments:manager_dashboard":    "302 403 403 200 200 403 403 200",
    # People pages: HR only. An export is its owner's: the superuser's 404 is not theirs.
    "assessments:people":               "302 403 403 403 403 200 403 200",
    "assessments:people_export_csv":    "302 403 403 403 403 200 403 200",
    "assessments:people_export_xlsx":   "302 403 403 403 403 200 403 200",
    "assessments:export_progress":      "302 403 403 403 403 200 403 404",
    "assessments:export_download":      "302 403 403 403 403 302 403 404",
    "assessments:person":               "302 403 403 403 403 200 403 200",
    "assessments:erase_person":         "302 403 403 403 403 200 403 200",
    "assessments:have_need":            "302 403 403 403 403 200 403 200",
    "assessments:position_have_need":   "302 403 403 403 403 200 403 200",
    "assessments:two_functions":        "302 403 403 403 403 200 403 200",
    # The employee's own questionnaire (the entry, page and submit page redirect to the
    # notice first) and report.
    "assessments:assignment":           "302 302 404 404 404 404 404 404",
    "assessments:assignment_notice":    "302 200 404 404 404 404 404 404",
    "assessments:assignment_page":      "302 302 404 404 404 404 404 404",
    "assessments:assignment_submit":    "302 302 404 404 404 404 404 404",
    "assessments:assignment_submitted": "302 302 404 404 404 404 404 404",
    "assessments:assignment_autosave":  "302 405 405 405 405 405 405 405",
    "assessments:my_report":            "302 200 404 404 404 404 404 404",
    "assessments:contest_result":       "302 405 405 405 405 405 405 405",
    # HR's review.
    "assessments:review_queue":         "302 403 403 403 403 200 403 200",
    "assessments:review_result":        "302 403 403 403 403 200 403 200",
    "assessments:review_bulk_preview":  "302 403 403 403 403 200 403 200",
    "assessments:review_decide":        "302 405 405 405 405 405 405 405",
    "assessments:review_bulk_confirm":  "302 405 405 405 405 405 405 405",
    # Evidence behind the labels (outcomes, retest): HR only; managers never see outcomes.
    "assessments:evidence":             "302 403 403 403 403 200 403 200",
    "assessments:criterion_evidence":   "302 403 403 403 403 200 403 200",
    "assessments:retest":               "302 403 403 403 403 200 403 200",
    "assessments:import_outcomes":      "302 403 403 403 403 200 403 200",
    "assessments:confirm_outcome_import": "302 405 405 405 405 405 405 405",
    # The access trail: the privacy officer (a group of its own) and the superuser.
    "assessments:access_records":       "302 403 403 403 403 403 403 200",
    "assessments:access_records_csv":   "302 403 403 403 403 403 403 200",
    # What is held about me: every employee; the superuser has no employee record.
    "assessments:my_data_json":         "302 200 200 200 200 200 200 404",
    "assessments:my_data_csv":          "302 200 200 200 200 200 200 404",
    # Integrations: HR issues API tokens.
    "integrations:tokens":              "302 403 403 403 403 200 403 200",
    "integrations:token_revoke":        "302 405 405 405 405 405 405 405",
    "integrations:webhooks":            "302 403 403 403 403 200 403 200",
    "integrations:webhook_deactivate":  "302 405 405 405 405 405 405 405",
    # The API takes bearer tokens only: a browser's session is not enough (401 for
    # everyone; tests/api/ walks every operation with tokens). Its schema and docs are
    # public.
    "api:schema":                       "200 200 200 200 200 200 200 200",
    "api:docs":                         "200 200 200 200 200 200 200 200",
    "api:not_found":                    "404 404 404 404 404 404 404 404",
    **{f"api:{name}":                   "401 401 401 401 401 401 401 401" for name in (
        "departments", "positions", "employees", "employee", "campaigns", "campaign",
        "campaign_launch", "campaign_score", "campaign_assignments", "campaign_results",
        "result", "org_sync", "criteria", "outcomes", "webhooks", "webhook_deactivate")},
    **{f"scim:{name}":                  "401 401 401 401 401 401 401 401" for name in (
        "users", "user", "service_provider_config")},
}


def expected(name, role):
    return int(STATUS[name].split()[ROLES.index(role)])


def test_every_routed_url_has_a_row_and_every_row_a_route():
    assert routed_names() == set(STATUS), "write the new route's statuses in STATUS"


def test_every_route_answers_each_role_as_written_down(world, client_as):
    clients = {role: client_as(role) for role in ROLES}
    unexpected = []
    cells = 0
    for name in sorted(STATUS):
        url = url_of(name, world)
        for role in ROLES:
            cells += 1
            got = clients[role].get(url).status_code
            if got != expected(name, role):
                unexpected.append(f"{name} as {role}: {got}, written {expected(name, role)}")
            if got == 302 and role == "anonymous" and name != "set_language":
                # (API routes answer 401 with a problem document instead.)
                # Sent to log in (the admin's own login page for the admin).
                location = clients[role].get(url)["Location"]
                assert location.startswith(("/accounts/login/", "/admin/login/")), location
    print(f"\nroute matrix: {len(STATUS)} routes x {len(ROLES)} roles = {cells} cells, "
          f"{len(unexpected)} unexpected")
    assert not unexpected, "\n".join(unexpected)


# IDOR probes -----------------------------------------------------------------------

# Routes that take the id of an employee's assignment (the questionnaire, its report).
ASSIGNMENT_ROUTES = ["assignment", "assignment_notice", "assignment_submit",
                     "assignment_submitted", "my_report"]


def _assignment_urls(assignment_pk, result_assignment_pk):
    urls = [reverse(f"assessments:{name}", args=[assignment_pk])
            for name in ASSIGNMENT_ROUTES if name != "my_report"]
    urls.append(reverse("assessments:assignment_page", args=[assignment_pk, 1]))
    urls.append(reverse("assessments:my_report", args=[result_assignment_pk]))
    return urls


def test_another_persons_or_units_objects_are_not_found(world, client_as, users):
    probes = 0
    # Every employee (managers included) with every other person's questionnaire and
    # report: a colleague in the same unit and a person in another unit.
    for role in ("employee", "other_employee", "manager", "other_manager"):
        client = client_as(role)
        for owner in ("employee", "other_employee", "investor"):
            if owner == role:
                continue
            pending, result = world["pending"][owner], world["results"][owner]
            for url in _assignment_urls(pending.pk, result.assignment_id):
                probes += 1
                assert client.get(url).status_code == 404, (role, url)
            # And the writes: an autosave and a contest on someone else's assignment.
            item = world["version"].items.first()
            probes += 2
            autosave = client.post(reverse("assessments:assignment_autosave",
                                           args=[pending.pk]),
                                   {"item": item.code, "value": "3"})
            assert autosave.status_code == 404, (role, owner)
            contest = client.post(reverse("assessments:contest_result",
                                          args=[result.assignment_id]),
                                  {"comment": "Not me at all."})
            assert contest.status_code == 404, (role, owner)
    assert not Answer.objects.exists()
    assert not Contest.objects.exists()
    # An export is its owner's, even between HR people: the superuser's job for HR, and
    # HR's for the superuser.
    for role, job in (("hr", world["root_job"]), ("superuser", world["hr_job"])):
        client = client_as(role)
        for name in ("export_progress", "export_download"):
            probes += 1
            assert client.get(reverse(f"assessments:{name}", args=[job.pk])
                              ).status_code == 404, (role, name)
    # A person page, a result review and a position of another unit are HR's, never a
    # manager's (403 for every unit, as the table says); ids that do not exist are 404.
    for role in ("manager", "other_manager", "employee"):
        client = client_as(role)
        for url in (reverse("assessments:person", args=[world["investor"].employee.pk]),
                    reverse("assessments:person", args=[users["employee"].employee.pk]),
                    reverse("assessments:review_result",
                            args=[world["results"]["investor"].pk]),
                    reverse("assessments:position_have_need",
                            args=[world["allocator"].pk])):
            probes += 1
            assert client.get(url).status_code == 403, (role, url)
    hr = client_as("hr")
    for url in (reverse("assessments:person", args=[999999]),
                reverse("assessments:review_result", args=[999999]),
                reverse("assessments:run_progress", args=[world["open"].pk, world["run"].pk]),
                reverse("assessments:export_progress", args=[999999])):
        probes += 1
        assert hr.get(url).status_code == 404, url
    print(f"\nIDOR probes: {probes} tried, {probes} answered 404/403 as written")


# POSTs to every state-changing route, with what a form sends (the CSRF test's data;
# CSRF checks off here, as in the feature tests). A "+" marks the roles that may post
# there: they may write, and a write can change later cells (cells run in ROLES order
# and table order, so the campaign is closed last). Every other role's POST writes
# nothing at all. Bad or incomplete data from an allowed role is a 400 that writes
# nothing (the review page's 400 records that HR read the result, on purpose).
#                                     anon emp   oth  mgr  omg  hr    bank root
POST_STATUS = {
    "assessments:assignment_notice":   "302 302+ 404  404  404  404  404  404",
    "assessments:assignment_page":     "302 302+ 404  404  404  404  404  404",
    "assessments:assignment_autosave": "302 400+ 404  404  404  404  404  404",
    "assessments:assignment_submit":   "302 200+ 404  404  404  404  404  404",
    "assessments:contest_result":      "302 302+ 404  404  404  404  404  404",
    "talent:import_org":               "302 403  403  403  403  400+ 403  400+",
    # HR uploaded it: HR's confirmation queues it; nobody else's is taken.
    "talent:confirm_org_import":       "302 403  403  403  403  302+ 403  302",
    "talent:discard_org_import":       "302 403  403  403  403  302+ 403  302",
    "assessments:campaign_create":     "302 403  403  403  403  400+ 403  400+",
    "assessments:launch_campaign":     "302 403  403  403  403  302+ 403  302+",
    "assessments:remind_campaign":     "302 403  403  403  403  302+ 403  302+",
    "assessments:invite_campaign":     "302 403  403  403  403  302+ 403  302+",
    "assessments:share_campaign":      "302 403  403  403  403  302+ 403  302+",
    "assessments:score_campaign":      "302 403  403  403  403  302+ 403  302+",
    "assessments:review_decide":       "302 403  403  403  403  400+ 403  400+",
    "assessments:review_bulk_confirm": "302 403  403  403  403  400+ 403  400+",
    "assessments:import_outcomes":     "302 403  403  403  403  400+ 403  400+",
    "assessments:confirm_outcome_import": "302 403  403  403  403  400+ 403  400+",
    "assessments:close_campaign":      "302 403  403  403  403  302+ 403  302+",
    # Erasure without a reason or confirmation: refused, nothing erased.
    "assessments:erase_person":        "302 403  403  403  403  400  403  400",
}


def test_every_post_answers_each_role_as_written_down_and_refusals_write_nothing(
        world, client_as):
    from .test_csrf_is_enforced_on_every_state_changing_endpoint import POSTS, counts

    cells = 0
    for name, row in POST_STATUS.items():
        url = url_of(name, world)
        for role, cell in zip(ROLES, row.split(), strict=True):
            before = counts()
            response = client_as(role).post(url, POSTS[name][1])
            cells += 1
            assert response.status_code == int(cell.rstrip("+")), (name, role)
            if not cell.endswith("+"):
                assert counts() == before, (name, role, "wrote")
    print(f"\nPOST matrix: {len(POST_STATUS)} routes x {len(ROLES)} roles = {cells} cells")
