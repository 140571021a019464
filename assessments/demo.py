"""The demo and the benchmarks' data: the default bank, simulated people answering it.

`seed_assessments` (run by `seed_demo`) loads the default bank, published, a closed
demo campaign in which every demo employee has submitted simulated answers, and an open
one to try the questionnaire in (`employee` half-way through, everyone else not started),
idempotently. `seed_demo_reviews` scores the closed campaign and has HR review it:
`employee`'s result released, a few results of every kind left in HR's queue.
`generate_submitted_answers` writes many simulated respondents fast, for benchmarks, and
`bank_from_layout` turns one of the engine's layouts into a published bank version, for
tests and benchmarks. Simulated answers come from the latent model of
`assessments.scoring.simulate` and go through the same bulk write path as an import.
"""

from datetime import UTC, datetime, timedelta

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talent import stamps
from talent.models import Employee

from . import bulk, engine_io
from .models import (
    Assignment,
    BankVersion,
    Campaign,
    Item,
    QuestionBank,
    Result,
    ReviewDecision,
    Scale,
    TwinPair,
)
from .scoring import item_parameters, simulate
from .scoring.simulate import draw_traits
from .services.bank_files import load_default_bank
from .services.response_import import get_department

SIMULATED_DEPARTMENT = ("SIMULATED", "Simulated")
DEMO_CAMPAIGN = "Demo 2026"
# The same bank a year earlier, scored and reviewed too: the dashboard's trend compares
# the two (the same people, the same scales).
EARLIER_DEMO_CAMPAIGN = "Demo 2025"
OPEN_DEMO_CAMPAIGN = "Self-assessment 2026"
# What the Chinese pages call them (the departments and positions: talent/demo.py).
CHINESE_NAMES = {DEMO_CAMPAIGN: "2026 年演示测评", EARLIER_DEMO_CAMPAIGN: "2025 年演示测评",
                 OPEN_DEMO_CAMPAIGN: "2026 年自我评估"}
# E00001 (`employee`) is half-way through the open campaign; E00002 (`employee2`) has not
# started; everyone else has an assignment, not started.
HALF_DONE_EMPLOYEE = "E00001"


def seed_assessments():
    """Load the default bank, published, and demo answers; yields lines to print."""
    version, created = load_default_bank(publish_it=True)
    yield (
        f"Question bank: {version.bank.code} v{version.number} "
        f"({'loaded' if created else 'already there'}, {version.status}), "
        f"{version.items.count()} items."
    )
    yield seed_demo_answers(version, name=EARLIER_DEMO_CAMPAIGN, seed=2025,
                            opens=datetime(2025, 1, 13, 8, tzinfo=UTC),
                            closes=datetime(2025, 2, 14, 18, tzinfo=UTC), changed=0.0)
    yield seed_demo_answers(version)
    yield seed_open_campaign(version)
    yield seed_demo_reviews(EARLIER_DEMO_CAMPAIGN)
    yield seed_demo_reviews()
    yield seed_demo_outcomes()


@transaction.atomic
def bank_from_layout(layout, code, *, name=None):
    """A published bank version with the scales, items and twins of a scoring Layout
    (item texts are the item codes). Content goes into a draft, as published versions
    are locked, and the status is set last, skipping the publish checks on purpose:
    simulated layouts are not meant for people."""
    bank, __ = QuestionBank.objects.get_or_create(
        code=code, defaults={"name": {"en": name or code}})
    version = BankVersion.objects.create(bank=bank, number=bank.next_version_number())
    scales = {
        scale_code: Scale.objects.create(version=version, code=scale_code, role=role or "")
        for scale_code, role in zip(layout.scale_codes, layout.scale_roles, strict=True)
    }
    items = Item.objects.bulk_create(
        Item(
            version=version, scale=scales[layout.scale_codes[s]], code=item_code, order=j,
            reverse=bool(rev), min_value=int(lo), max_value=int(hi), text={"en": item_code},
        )
        for j, (item_code, s, rev, lo, hi) in enumerate(zip(
            layout.item_codes, layout.item_scale, layout.reverse, layout.minimum,
            layout.maximum, strict=True,
        ))
    )
    TwinPair.objects.bulk_create(
        TwinPair(version=version, item_a=items[a], item_b=items[b],
                 relation="opposite" if opposite else "same")
        for (a, b), opposite in zip(layout.pairs, layout.pair_opposite, strict=True)
    )
    BankVersion.objects.filter(pk=version.pk).update(
        status=BankVersion.Status.PUBLISHED, published_at=timezone.now()
    )
    version.refresh_from_db()
    return version


def _checked_answers(layout, X):
    """The simulated matrix held to each item's range, then checked like any answer."""
    X = np.clip(X, layout.minimum, layout.maximum)
    answered = ~np.isnan(X)
    if np.any(X[answered] != np.round(X[answered])):
        raise ValueError("simulated answers must be whole numbers")
    return X, answered


def _answer_rows(assignment_pks, item_pks, X, answered, seconds, started=None):
    """Answer tuples for a persons x items matrix; answered_at follows the seconds."""
    persons, items = np.nonzero(answered)
    secs = np.round(np.nan_to_num(seconds, nan=0.0), 2)
    values = X[persons, items].astype(int).tolist()
    spent = secs[persons, items].tolist()
    if started is None:
        answered_at = [None] * len(values)
    else:
        elapsed = np.cumsum(secs, axis=1)[persons, items].tolist()
        answered_at = [started[p] + timedelta(seconds=e)
                       for p, e in zip(persons.tolist(), elapsed, strict=True)]
    return zip(np.asarray(assignment_pks)[persons].tolist(), item_pks[items].tolist(),
               values, spent, answered_at, strict=True)


def _write_simulated(campaign, employee_pks, item_pks, X, answered, seconds, started,
                     stamp_answers):
    secs = np.nan_to_num(seconds, nan=0.0)
    submitted = [s + timedelta(seconds=float(t) + 20.0)
                 for s, t in zip(started, secs.sum(axis=1).tolist(), strict=True)]
    # Where each person sits, as a launch would have recorded it (the dashboards group
    # by it).
    place = {pk: (department, position) for pk, department, position in Employee.objects
             .filter(pk__in=employee_pks).values_list("pk", "department_id", "position_id")}
    assignment_pks = bulk.create_rows(
        Assignment, ["campaign_id", "employee_id", "status", "started_at", "submitted_at",
                     "department_id", "position_id"],
        [(campaign.pk, e, Assignment.Status.SUBMITTED, s, t, *place[e])
         for e, s, t in zip(employee_pks, started, submitted, strict=True)],
    )
    bulk.insert_answers(_answer_rows(assignment_pks, item_pks, X, answered, seconds,
                                 started if stamp_answers else None))
    stamps.bump(stamps.campaign(campaign.pk))  # bulk writes send no signals
    return int(answered.sum())


def generate_submitted_answers(campaign, n_people, rng, *, department=None, prefix=None,
                               chunk_size=5000):
    """Create n_people employees, each with a submitted assignment in `campaign` and
    answers (with seconds) drawn from the latent model. For benchmarks: on PostgreSQL
    everything goes in by COPY, a chunk of people at a time. Returns answers written."""
    bank = engine_io.bank_layout(campaign.bank_version)
    layout, item_pks = bank.layout, bank.item_ids
    parameters = item_parameters(layout)
    prefix = prefix or f"SIM{campaign.pk}-"
    written = 0
    with transaction.atomic(), bulk.AnswerLoad(n_people * layout.k):
        department = department or get_department(SIMULATED_DEPARTMENT)
        start = Employee.objects.filter(employee_id__startswith=prefix).count()
        now = timezone.now()
        for offset in range(0, n_people, chunk_size):
            n = min(chunk_size, n_people - offset)
            numbers = range(start + offset + 1, start + offset + n + 1)
            employee_pks = bulk.create_rows(
                Employee, ["employee_id", "name", "email", "department_id", "active"],
                [(f"{prefix}{i:07d}", f"Simulated {i}", "", department.pk, True)
                 for i in numbers],
            )
            sim = simulate(layout, n, rng, items=parameters)
            X, answered = _checked_answers(layout, sim.X)
            total = np.nan_to_num(sim.seconds, nan=0.0).sum(axis=1)
            started = [now - timedelta(seconds=float(t) + 20.0) for t in total.tolist()]
            written += _write_simulated(campaign, employee_pks, item_pks, X, answered,
                                        sim.seconds, started, stamp_answers=False)
    return written


def _match_to_positions(traits, layout, employees, rng):
    """Order simulated people so their profile leans the way their position does.

    Ranks the execution-minus-compression trait against each position's need (plus
    noise), so the demo shows fits and gaps in both directions rather than pure chance.
    """
    if not layout.classifies:
        return np.arange(len(employees))
    e, c = layout.role_indices
    lean = traits[:, e] - traits[:, c]
    need = np.array([
        (emp.position.need_execution - emp.position.need_compression) if emp.position else 0
        for emp in employees
    ], dtype=float) + rng.normal(0.0, 1.5, len(employees))
    order = np.empty(len(employees), dtype=int)
    order[np.argsort(need, kind="stable")] = np.argsort(lean, kind="stable")
    return order


# The demo's people keep their traits from one campaign to the next (a retest shows
# the stability the scales' reliability allows), except this share of them, whose
# traits really moved by DEMO_TRAIT_CHANGE_SD between Demo 2025 and Demo 2026.
DEMO_TRAIT_SEED = 2024
DEMO_CHANGED_SHARE = 0.10
DEMO_TRAIT_CHANGE_SD = 0.5


def demo_traits(layout, everyone, changed=0.0):
    """Every demo employee's traits (rows in the order of `everyone`), the same on every
    run: drawn once from a fixed seed, matched to positions, and, with `changed` > 0, a
    real change for that share of people (the same people every time)."""
    rng = np.random.default_rng(DEMO_TRAIT_SEED)
    traits = draw_traits(len(everyone), layout.n_scales, rng)
    traits = traits[_match_to_positions(traits, layout, everyone, rng)]
    if changed:
        moved = rng.random(len(everyone)) < changed
        traits[moved] += rng.normal(0.0, DEMO_TRAIT_CHANGE_SD, (int(moved.sum()),
                                                                 layout.n_scales))
    return traits


@transaction.atomic
def seed_demo_answers(version, *, seed=2026, name=DEMO_CAMPAIGN,
                      opens=datetime(2026, 1, 12, 8, tzinfo=UTC),
                      closes=datetime(2026, 2, 13, 18, tzinfo=UTC),
                      changed=DEMO_CHANGED_SHARE):
    """Closed campaign `name` ("Demo 2026") on `version`: every employee without an
    assignment in it gets a submitted one with simulated answers and timings, from the
    person's own traits (`demo_traits`: the same in every campaign, but for the share
    `changed` who really changed). A second run changes nothing. Returns a line for the
    demo loader to print."""
    campaign, __ = Campaign.objects.get_or_create(
        name=name,
        defaults={"bank_version": version, "status": Campaign.Status.CLOSED,
                  "opens_at": opens, "closes_at": closes, "launched_at": opens},
    )
    _name_in_chinese(campaign)
    if campaign.bank_version_id != version.pk:
        return _('Campaign "%(name)s" uses %(version)s; left as it is.') % {
            "name": campaign, "version": campaign.bank_version}
    employees = list(
        Employee.objects.exclude(assignments__campaign=campaign)
        .select_related("position").order_by("employee_id")
    )
    if not employees:
        n = campaign.assignments.submitted().count()
        return _('Campaign "%(name)s": %(n)s submitted assignments, nothing to add.') % {
            "name": campaign, "n": n}

    rng = np.random.default_rng(seed)
    bank = engine_io.bank_layout(version)
    layout, item_pks = bank.layout, bank.item_ids
    everyone = list(Employee.objects.select_related("position").order_by("employee_id"))
    row = {e.pk: i for i, e in enumerate(everyone)}
    traits = demo_traits(layout, everyone, changed)[[row[e.pk] for e in employees]]
    sim = simulate(layout, len(employees), rng, traits=traits)
    X, answered = _checked_answers(layout, sim.X)
    seconds = sim.seconds
    window = (closes - opens).total_seconds() - 3 * 3600
    started = [opens + timedelta(seconds=float(s))
               for s in rng.uniform(0.0, window, len(employees)).tolist()]
    answers = _write_simulated(campaign, [e.pk for e in employees], item_pks, X, answered,
                               seconds, started, stamp_answers=True)
    return _('Campaign "%(name)s": %(n)s submitted assignments added (%(answers)s answers).') % {
        "name": campaign, "n": len(employees), "answers": answers}


def _name_in_chinese(campaign):
    """Give a demo campaign its Chinese name, also in a demo seeded before it had one."""
    name_zh = CHINESE_NAMES.get(campaign.name, "")
    if name_zh and not campaign.name_zh:
        Campaign.objects.filter(pk=campaign.pk).update(name_zh=name_zh)
        stamps.bump(stamps.campaign(campaign.pk))
        campaign.name_zh = name_zh


def seed_open_campaign(version, *, seed=2026):
    """The open campaign "Self-assessment 2026" on `version`: an assignment for every
    employee, not started, except E00001's, which has the notice acknowledged and about
    half its items answered (through the answering service, as a person would). Its
    window is kept open for the next weeks. A second run adds only what is missing."""
    from .services import answering

    now = timezone.now()
    campaign, created = Campaign.objects.get_or_create(
        name=OPEN_DEMO_CAMPAIGN,
        defaults={"bank_version": version, "status": Campaign.Status.OPEN,
                  "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=30),
                  "launched_at": now},
    )
    _name_in_chinese(campaign)
    if campaign.bank_version_id != version.pk or campaign.status != Campaign.Status.OPEN:
        return _('Campaign "%(name)s" uses %(version)s; left as it is.') % {
            "name": campaign, "version": campaign.bank_version}
    if campaign.closes_at and campaign.closes_at < now + timedelta(days=7):
        Campaign.objects.filter(pk=campaign.pk).update(closes_at=now + timedelta(days=30))
        campaign.refresh_from_db()
    missing = list(Employee.objects.exclude(assignments__campaign=campaign)
                   .values_list("pk", "department_id", "position_id"))
    Assignment.objects.bulk_create(
        Assignment(campaign=campaign, employee_id=pk, department_id=department,
                   position_id=position) for pk, department, position in missing)
    stamps.bump(stamps.campaign(campaign.pk))
    half_done = (Assignment.objects.select_related("campaign")
                 .filter(campaign=campaign, employee__employee_id=HALF_DONE_EMPLOYEE).first())
    answered = 0
    if half_done is not None and not half_done.answers.exists():
        answering.acknowledge_notice(half_done)
        order = answering.start(half_done)
        rng = np.random.default_rng(seed)
        allowed = answering.version_items(version.pk)
        for sequence, item_id in enumerate(order[: len(order) // 2], start=1):
            values = allowed[item_id]
            value = int(rng.integers(values.start, values.stop))
            answering.save_answer(half_done, item_id, value, sequence,
                                  seconds=float(rng.uniform(4, 20)), language="en")
            answered += 1
    return _('Campaign "%(name)s" (open): %(n)s assignments added, %(answers)s answers '
             'for the half-finished one.') % {"name": campaign, "n": len(missing),
                                              "answers": answered}


# Valid results with a family left pending for HR to try bulk confirmation on; every
# questionable, invalid and undetermined one stays pending too, to be read one by one.
DEMO_PENDING_BULK = 8


@transaction.atomic
def seed_demo_reviews(name=DEMO_CAMPAIGN):
    """Score campaign `name` ("Demo 2026") if it has no results, then, once: HR confirms
    `employee`'s result (so the report can be read and contested) and releases most
    valid results with a family, leaving a few of them and every questionable, invalid
    and undetermined result in the queue. A second run changes nothing."""
    from talent.models import User

    from .services import reviews, scoring_runs, sharing
    from .services.norms import NormsUnavailable

    campaign = Campaign.objects.filter(name=name).first()
    hr = User.objects.filter(username="hr").first()
    if campaign is None or hr is None:
        return _("Reviews: no demo campaign or no hr login; nothing reviewed.")
    results = Result.objects.filter(assignment__campaign=campaign)
    if not results.exists():
        try:
            scoring_runs.run_sync(scoring_runs.create_run(campaign))
        except NormsUnavailable as problem:
            return _("Reviews: the demo campaign could not be scored (%(problem)s).") % {
                "problem": problem}
    if ReviewDecision.objects.filter(result__assignment__campaign=campaign).exists():
        return _('Reviews of "%(name)s": already seeded, nothing to add.') % {"name": campaign}
    mine = results.filter(assignment__employee__user__username="employee").first()
    if mine is not None:
        reviews.confirm(mine.pk, hr, mine.review_round)
    bulk = list(results.bulk_confirmable().order_by("pk").values_list("pk", flat=True))
    outcome = reviews.confirm_many(bulk[DEMO_PENDING_BULK:], hr)
    # HR shares what it released, so the demo's managers see their units' figures.
    sharing.share_with_managers(campaign.pk, by=hr)
    waiting = results.awaiting_review()
    return _('Reviews of "%(name)s": %(released)s results released; %(waiting)s wait for HR '
             '(%(questionable)s questionable, %(invalid)s invalid, %(undetermined)s '
             'undetermined).') % {
        "name": campaign, "released": outcome.confirmed + (mine is not None),
        "waiting": waiting.count(),
        "questionable": waiting.filter(validity=Result.Validity.QUESTIONABLE).count(),
        "invalid": waiting.filter(validity=Result.Validity.INVALID).count(),
        "undetermined": waiting.filter(role_family=Result.RoleFamily.UNDETERMINED).count()}


# Simulated outcomes (docs/evidence.md): labelled simulated wherever they are shown.
# Each is computed from the person's own demo traits, so the evidence pages show what
# the engine's families would find if the truth were this: operations work depends on
# the execution trait, capital-allocation work on the compression trait (rated only for
# the few placed in it: range restriction), staying in role on neither.
DEMO_CRITERIA = (
    {"code": "demo-operations", "family": "execution", "low": 1, "high": 5, "share": 0.9,
     "weights": (0.45, 0.0), "placed_only": False,
     "name": {"en": "Performance in operations-type work (simulated)",
              "zh-hans": "运营类工作绩效（模拟）"},
     "definition": {"en": "The line manager's yearly rating of how reliably and exactly the "
                          "person carries out operations work, 1 (well below) to 5 (well "
                          "above expectations).",
                    "zh-hans": "直属经理每年对此人完成运营类工作的可靠性和准确性的评分，"
                               "1（远低于预期）至 5（远超预期）。"}},
    {"code": "demo-allocation", "family": "compression", "low": 1, "high": 5, "share": 1.0,
     "weights": (0.0, 0.45), "placed_only": True,
     "name": {"en": "Performance in capital-allocation work (simulated)",
              "zh-hans": "资本配置类工作绩效（模拟）"},
     "definition": {"en": "The investment committee's yearly rating of the person's "
                          "allocation decisions, 1 to 5; only people placed in a "
                          "capital-allocation position are rated.",
                    "zh-hans": "投资委员会每年对此人资本配置决策的评分，1 至 5；"
                               "只对担任资本配置岗位的人评分。"}},
    {"code": "demo-retained", "family": "", "low": 0, "high": 1, "share": 0.6,
     "weights": (0.0, 0.0), "placed_only": False,
     "name": {"en": "Still in role after 12 months (simulated)",
              "zh-hans": "12 个月后仍在岗（模拟）"},
     "definition": {"en": "1 if the person is still in the same role 12 months after the "
                          "assessment, else 0.",
                    "zh-hans": "测评 12 个月后仍在同一岗位记为 1，否则记为 0。"}},
)
DEMO_OUTCOME_SEED = 2027


@transaction.atomic
def seed_demo_outcomes():
    """Simulated outcome ratings for part of the demo's people, on three published
    criteria, marked simulated. A second run adds only what is missing."""
    from .models import Criterion, CriterionVersion, OutcomeRecord
    from .services.criteria import publish_criterion

    version = BankVersion.objects.filter(campaigns__name=DEMO_CAMPAIGN).first()
    if version is None:
        return _("Outcomes: no demo campaign; nothing recorded.")
    layout = engine_io.bank_layout(version).layout
    if not layout.classifies:
        return _("Outcomes: the demo bank does not classify; nothing recorded.")
    e, c = layout.role_indices
    everyone = list(Employee.objects.select_related("position").order_by("employee_id"))
    traits = demo_traits(layout, everyone, DEMO_CHANGED_SHARE)
    date = timezone.localdate() - timedelta(days=60)
    added = 0
    for i, spec in enumerate(DEMO_CRITERIA):
        criterion, __ = Criterion.objects.get_or_create(code=spec["code"],
                                                        defaults={"name": spec["name"]})
        published = criterion.published_version()
        if published is None:
            published = publish_criterion(CriterionVersion.objects.create(
                criterion=criterion, number=criterion.versions.count() + 1,
                definition=spec["definition"], scale_min=spec["low"],
                scale_max=spec["high"], family=spec["family"],
                placed_only=spec["placed_only"]))
        rng = np.random.default_rng([DEMO_OUTCOME_SEED, i])
        noise = rng.normal(0.0, 0.8, len(everyone))
        chosen = rng.random(len(everyone)) < spec["share"]
        rated = set(OutcomeRecord.objects.filter(criterion=criterion)
                    .values_list("employee_id", flat=True))
        records = []
        for row, person in enumerate(everyone):
            placed = (person.position is not None
                      and person.position.function == "capital_allocation")
            if not chosen[row] or person.pk in rated or (spec["placed_only"] and not placed):
                continue
            signal = spec["weights"][0] * traits[row, e] + spec["weights"][1] * traits[row, c]
            if spec["high"] - spec["low"] == 1:
                value = float(noise[row] + signal > -0.4)       # about two in three stay
            else:
                value = float(np.clip(np.round(3.0 + signal + noise[row]), spec["low"],
                                      spec["high"]))
            records.append(OutcomeRecord(
                employee=person, criterion=criterion, version=published, date=date,
                value=value, scale_min=published.scale_min, scale_max=published.scale_max,
                simulated=True))
        OutcomeRecord.objects.bulk_create(records)
        stamps.bump(stamps.OUTCOMES)
        added += len(records)
    return _("Outcomes: %(n)s simulated ratings added on %(criteria)s criteria.") % {
        "n": added, "criteria": len(DEMO_CRITERIA)}
