"""A campaign on the product's own bilingual bank (CORE, with statements, answer labels
and scale names in English and Chinese), answered by simulated people and scored: for
tests of what pages say in words."""

import numpy as np

from assessments import engine_io, scoring
from assessments.models import Assignment, Campaign
from assessments.services.bank_files import load_default_bank
from talent.models import Employee

from .conftest import submit


def scored_core_campaign(org, score_now, *, name="Words 2026", n=120, seed=5, crafted=()):
    """The campaign, after a finished scoring run. Each entry of `crafted`, a function
    (version) -> {item code: answer}, adds a person who answered like the first simulated
    one except for those items (employee ids W-C0, W-C1, ...): submitted answers cannot
    change, so a test that needs particular answers gives them here."""
    version, __ = load_default_bank(publish_it=True)
    campaign = Campaign.objects.create(name=name, bank_version=version,
                                       status=Campaign.Status.OPEN)
    layout = engine_io.bank_layout(version).layout
    sim = scoring.simulate(layout, n, np.random.default_rng(seed))
    for i in range(n):
        employee = Employee.objects.create(employee_id=f"W-{i:04d}", name=f"Person {i}",
                                           department=org["UW"])
        assignment = Assignment.objects.create(campaign=campaign, employee=employee)
        submit(assignment, sim.X[i], sim.seconds[i] if sim.seconds is not None else None)
    codes = list(layout.item_codes)
    for c, craft in enumerate(crafted):
        answers = sim.X[0].copy()
        for code, value in craft(version).items():
            answers[codes.index(code)] = value
        employee = Employee.objects.create(employee_id=f"W-C{c}", name=f"Crafted {c}",
                                           department=org["UW"])
        submit(Assignment.objects.create(campaign=campaign, employee=employee), answers)
    run = score_now(campaign)
    assert run.status == "finished"
    return campaign
