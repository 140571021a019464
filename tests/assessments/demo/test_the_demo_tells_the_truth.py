"""The demo's people keep their traits between Demo 2025 and Demo 2026 (but for a few
who really changed), so the retest shows the stability the scales allow, not coin
flips; and the demo carries simulated outcomes, labelled simulated, on every evidence
page. Seeding again adds nothing."""

import io

import numpy as np
from django.core.management import call_command
from django.urls import reverse

from assessments import engine_io
from assessments.demo import (
    DEMO_CAMPAIGN,
    DEMO_CHANGED_SHARE,
    EARLIER_DEMO_CAMPAIGN,
    demo_traits,
)
from assessments.models import Campaign, Criterion, OutcomeRecord
from assessments.reports import evidence
from talent.models import Employee, User


def test_the_demo_retest_and_outcomes_tell_the_truth(db, client):
    call_command("seed_demo", employees=80, stdout=io.StringIO())
    earlier = Campaign.objects.get(name=EARLIER_DEMO_CAMPAIGN)
    later = Campaign.objects.get(name=DEMO_CAMPAIGN)
    report = evidence.retest(earlier, later)
    # Traits drawn afresh each year gave retest correlations near the traits' own
    # correlation (.3); kept traits give about the reliability (~.9), less the few
    # who changed.
    assert all(row["r"] > 0.75 and row["expected"] > 0.8 for row in report["scales"])
    assert report["families"].kappa > 0.3
    assert report["expected"].kappa > report["families"].kappa - 0.25

    layout = engine_io.bank_layout(later.bank_version).layout
    everyone = list(Employee.objects.select_related("position").order_by("employee_id"))
    before = demo_traits(layout, everyone, 0.0)
    after = demo_traits(layout, everyone, DEMO_CHANGED_SHARE)
    moved = np.any(before != after, axis=1).mean()
    assert 0.02 < moved < 0.25

    assert OutcomeRecord.objects.exists()
    assert not OutcomeRecord.objects.filter(simulated=False).exists()
    client.force_login(User.objects.get(username="hr"))
    for criterion in Criterion.objects.all():
        page = client.get(reverse("assessments:criterion_evidence", args=[criterion.pk]))
        assert page.status_code == 200 and 'data-test="simulated"' in page.content.decode()
    index = client.get(reverse("assessments:evidence")).content.decode()
    assert reverse("assessments:retest", args=[later.pk, earlier.pk]) in index

    counts = OutcomeRecord.objects.count(), Criterion.objects.count()
    call_command("seed_demo", employees=80, stdout=io.StringIO())
    assert (OutcomeRecord.objects.count(), Criterion.objects.count()) == counts
