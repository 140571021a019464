"""Results, scoring runs and norm groups are records of what was computed: nobody deletes,
adds or edits one through the admin, not even a superuser; HR reads them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import NormGroup, Result, ScoringRun, ScoringSpec
from tests.factories import make_bank, make_campaign, submit_answers


@pytest.fixture
def records(cast):
    version = make_bank()
    campaign = make_campaign(version)
    assignment = submit_answers(campaign, cast["employee"].employee)
    spec = ScoringSpec.objects.current()
    norms = NormGroup.objects.create(bank_version=version, name="Norms", n=1, data={},
                                     spec=spec)
    run = ScoringRun.objects.create(campaign=campaign, spec=spec)
    result = Result.objects.create(
        assignment=assignment, spec=spec, norm_group=norms, bank_version=version, run=run,
        scores={}, validity=Result.Validity.VALID, indices={}, computed_at=timezone.now(),
    )
    return {"result": result, "scoringrun": run, "normgroup": norms, "campaign": campaign}


@pytest.mark.parametrize("who", ["hr", "superuser"])
@pytest.mark.parametrize("model", ["result", "scoringrun", "normgroup"])
def test_nobody_deletes_a_computed_record_in_the_admin(who, model, cast, client_for, records):
    obj = records[model]
    client = client_for(cast[who])
    page = client.get(reverse(f"admin:assessments_{model}_change", args=[obj.pk]))
    if model == "result" and who == "hr":
        # HR reads results on the review page, where each read is recorded; the admin
        # keeps them for the superuser alone (docs/privacy.md).
        assert page.status_code == 403
        return
    assert page.status_code == 200

    response = client.post(reverse(f"admin:assessments_{model}_delete", args=[obj.pk]),
                           {"post": "yes"})
    assert response.status_code == 403
    response = client.post(reverse(f"admin:assessments_{model}_changelist"),
                           {"action": "delete_selected", "_selected_action": [obj.pk],
                            "post": "yes"})
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("who", ["hr", "superuser"])
def test_deleting_a_campaign_with_results_is_refused_in_the_admin(who, cast, client_for,
                                                                  records):
    campaign = records["campaign"]
    response = client_for(cast[who]).post(
        reverse("admin:assessments_campaign_delete", args=[campaign.pk]), {"post": "yes"})
    assert response.status_code in (200, 403)  # the page lists what may not be deleted
    assert Result.objects.filter(pk=records["result"].pk).exists()
