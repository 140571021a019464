"""Every route, opened by a role it serves, answers with the security headers: a CSP that
forbids framing, nosniff, a Referrer-Policy and X-Frame-Options; pages and files that show
a person's answers or results also say `Cache-Control: no-store`."""

from django.core.files.base import ContentFile
from django.urls import reverse

from assessments.models import ExportJob

from .conftest import ROLES
from .routes import url_of
from .test_every_route_answers_each_role_as_written_down import STATUS

# What shows a person's answers or results (or who they are, with scores).
PRIVATE = {
    "assessments:assignment_notice", "assessments:assignment_page",
    "assessments:assignment_submit", "assessments:assignment_submitted",
    "assessments:my_report", "assessments:review_result", "assessments:review_queue",
    "assessments:review_bulk_preview", "assessments:person", "assessments:people",
    "assessments:people_export_csv", "assessments:people_export_xlsx",
    "assessments:export_progress", "assessments:export_download",
    "assessments:my_data_json", "assessments:my_data_csv", "assessments:assignment_list",
    "assessments:campaign_dashboard", "assessments:manager_dashboard", "assessments:unit_trend",
    "assessments:have_need", "assessments:position_have_need", "assessments:two_functions",
}


def served_by(name):
    """The first role the route serves (200 or a redirect), anonymous last."""
    row = STATUS[name].split()
    for role in [*ROLES[1:], ROLES[0]]:
        if row[ROLES.index(role)] in ("200", "302"):
            return role
    return "superuser"  # POST-only: its 405 must carry the headers too


def assert_secure(response, where):
    csp = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, where
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp, where
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("Referrer-Policy") == "same-origin", where
    assert response.get("X-Frame-Options") == "DENY", where


def test_every_route_answers_with_the_security_headers(world, client_as):
    # The export has a file, so its download is a real file response.
    job = world["hr_job"]
    job.file.save("people.csv", ContentFile(b"name\nAnn\n"), save=False)
    ExportJob.objects.filter(pk=job.pk).update(file=job.file.name,
                                               status=ExportJob.Status.FINISHED)
    checked = private = 0
    for name in sorted(STATUS):
        role = served_by(name)
        response = client_as(role).get(url_of(name, world))
        # A file download and a JSON body carry the headers as a page does.
        assert_secure(response, (name, role, response.status_code))
        checked += 1
        if name in PRIVATE:
            assert "no-store" in response.get("Cache-Control", ""), name
            private += 1
    print(f"\nsecurity headers: {checked} routes, {private} private ones no-store")


def test_refusals_and_missing_pages_carry_the_headers_too(world, client_as):
    for role, url in (("employee", reverse("assessments:people")),
                      ("hr", reverse("assessments:person", args=[999999])),
                      ("anonymous", reverse("assessments:people"))):
        assert_secure(client_as(role).get(url), url)
