"""Every response to a signed-in user says `Cache-Control: no-store`: the test walks
every URL pattern of the project, so a new page cannot forget it."""

import re

import pytest
from django.urls import get_resolver, reverse

from assessments.models import ScoringRun, ScoringSpec
from tests.factories import make_bank, make_campaign, submit_answers

from .test_login_required_everywhere import walk

ROUTES = sorted({route for route, _name, _ns in walk(get_resolver().url_patterns)
                 if "static" not in route})


@pytest.fixture
def world(cast):
    version = make_bank()
    campaign = make_campaign(version)
    submit_answers(campaign, cast["employee"].employee)
    run = ScoringRun.objects.create(campaign=campaign, spec=ScoringSpec.objects.current())
    return {"version_id": version.pk, "pk": campaign.pk, "run_id": run.pk,
            "object_id": version.pk, "id": cast["employee"].pk,
            "number": 1, "user_id": cast["employee"].pk, "uidb64": "MQ", "token": "x-y",
            "provider_id": "oidc", "employee_id": cast["employee"].employee.employee_id,
            "other": campaign.pk, "item_id": version.items.first().pk,
            "pair_id": version.pairs.first().pk, "provider": "postmark"}


def concrete(route, values):
    def fill(match):
        name = match.group("name")
        assert name in values or match.group("conv") == "path", (
            f"{route}: give the test a value for <{name}>")
        return str(values.get(name, 1))

    url = re.sub(r"\(\?P<\w+>[^)]*\)|\([^)]*\)", "1", route)  # regex groups
    url = re.sub(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>", fill, url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\Z", "").replace("//", "/")


def test_every_page_a_signed_in_user_gets_is_marked_no_store(superuser, client_for, world):
    client = client_for(superuser)
    checked = 0
    for route in ROUTES:
        url = concrete(route, world)
        if url in ("/accounts/logout/",):
            response = client.post(url)
            client.force_login(superuser)
        else:
            response = client.get(url)
        assert "no-store" in response.get("Cache-Control", ""), (url, response.status_code)
        assert "private" in response["Cache-Control"], url
        checked += response.status_code == 200
    assert checked > 40  # most pages were really shown, not refused


@pytest.mark.parametrize("name, args", [
    ("home", []),
    ("assessments:campaign_list", []),
    ("assessments:campaign_detail", ["pk"]),
    ("assessments:run_progress", ["pk", "run_id"]),
    ("assessments:item_analysis", ["pk"]),
    ("assessments:bank_preview", ["version_id"]),
    ("assessments:bank_export", ["version_id"]),
    ("talent:import_org", []),
])
def test_pages_with_people_or_results_are_not_stored_for_hr(name, args, hr, client_for, world):
    response = client_for(hr).get(reverse(name, args=[world[arg] for arg in args]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_org_import_preview_is_not_stored(hr, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from talent.models import OrgImport
    from tests.talent.org_csv import csv_bytes, small_org

    client = client_for(hr)
    response = client.post(reverse("talent:import_org"), {
        "file": SimpleUploadedFile("org.csv", csv_bytes(small_org()), "text/csv")})
    assert response.status_code == 302
    preview = client.get(reverse("talent:org_import", args=[OrgImport.objects.get().pk]))
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]


def test_static_files_stay_cacheable_and_anonymous_pages_are_untouched(client, db):
    response = client.get(reverse("login"))
    assert "no-store" in response["Cache-Control"]  # the login view says so itself
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "Cache-Control" not in response
