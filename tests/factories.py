"""Small builders for tests: banks, campaigns, employees and submitted answers.

They write through the ORM (and the model checks), so they suit tests of any size up to
a few hundred rows; bulk loads belong to `assessments.bulk` (through the response import
or the demo).
"""

from django.utils import timezone

from assessments.models import (
    Answer,
    Assignment,
    BankVersion,
    Campaign,
    Item,
    QuestionBank,
    Scale,
    TwinPair,
)
from talent.models import Department, Employee

ROLES = {"EXE": Scale.Role.EXECUTION, "CMP": Scale.Role.COMPRESSION}


def _text(en):
    return {"en": en, "zh-hans": f"{en}（中文）"}


def make_bank(code="TEST", *, number=1, n_items_per_scale=6, n_pairs=2, published=True,
              scales=("EXE", "CMP"), minimum=1, maximum=5, status=None):
    """A bank version with `scales` of `n_items_per_scale` items each, interleaved.

    Items are coded EXE01, CMP01, EXE02, ... Pairs take turns over the scales: pair p
    joins item p//S+1 of its scale with the item half a scale later; odd pairs are
    "opposite" twins whose second item is reverse-keyed. The bank is reused when it
    exists, so several versions of one bank can be made.
    """
    half = n_items_per_scale // 2
    if n_pairs > half * len(scales):
        raise ValueError("too many pairs for the bank size")
    bank, _ = QuestionBank.objects.get_or_create(code=code, defaults={"name": _text(code)})
    status = status or (BankVersion.Status.PUBLISHED if published else BankVersion.Status.DRAFT)
    # Content goes into a draft (published versions are locked), and the status is set
    # last. This skips the publish checks on purpose: tests want small banks.
    version = BankVersion.objects.create(bank=bank, number=number)
    scale_objects = {
        s: Scale.objects.create(version=version, code=s, name=_text(f"Scale {s}"),
                                role=ROLES.get(s, Scale.Role.NONE))
        for s in scales
    }
    pairs = []
    for p in range(n_pairs):
        scale, position = scales[p % len(scales)], p // len(scales)
        pairs.append((scale, position + 1, position + 1 + half, "opposite" if p % 2 else "same"))
    reverse = {(s, b) for s, _, b, relation in pairs if relation == "opposite"}
    items = {}
    order = 0
    for i in range(1, n_items_per_scale + 1):
        for s in scales:
            order += 1
            items[s, i] = Item.objects.create(
                version=version, scale=scale_objects[s], code=f"{s}{i:02d}",
                text=_text(f"Statement {s}{i:02d}"), reverse=(s, i) in reverse,
                min_value=minimum, max_value=maximum, order=order,
            )
    for s, a, b, relation in pairs:
        TwinPair.objects.create(version=version, item_a=items[s, a], item_b=items[s, b],
                                relation=relation)
    if status != BankVersion.Status.DRAFT:
        BankVersion.objects.filter(pk=version.pk).update(status=status,
                                                         published_at=timezone.now())
        version.refresh_from_db()
    return version


def make_campaign(version=None, *, name="Spring 2026", status=Campaign.Status.OPEN,
                  **fields):
    version = version or make_bank()
    return Campaign.objects.create(name=name, bank_version=version, status=status, **fields)


def make_employees(n, *, department=None, prefix="P"):
    """n employees with ids P001, P002, ... in `department` (a "Test" one by default)."""
    department = department or Department.objects.get_or_create(
        code="TEST", defaults={"name": "Test department"})[0]
    return [
        Employee.objects.create(employee_id=f"{prefix}{i:03d}", name=f"Person {i}",
                                department=department)
        for i in range(1, n + 1)
    ]


def submit_answers(campaign, employee, answers=None, *, seconds=None, at=None):
    """A submitted assignment of `employee` with `answers`: {item code: value}, a list in
    item order (None for missing), or None for every item answered at its midpoint.
    Each answer passes the model checks (its item's range among them)."""
    items = list(campaign.bank_version.items.order_by("order", "pk"))
    if answers is None:
        answers = [(i.min_value + i.max_value) // 2 for i in items]
    if not isinstance(answers, dict):
        answers = {item.code: value for item, value in zip(items, answers, strict=True)}
    # As a respondent does: the answers are saved while in progress, then submitted
    # (a submitted assignment's answers are final).
    at = at or timezone.now()
    assignment = Assignment.objects.create(campaign=campaign, employee=employee,
                                           status=Assignment.Status.IN_PROGRESS,
                                           started_at=at)
    for item in items:
        value = answers.get(item.code)
        if value is None:
            continue
        answer = Answer(assignment=assignment, item=item, value=value, seconds=seconds,
                        answered_at=at)
        answer.full_clean()
        answer.save()
    assignment.submit(at)
    assignment.save()
    return assignment


def submitted_ids(campaign):
    """Sorted ids of the campaign's submitted assignments (the order scoring reads in)."""
    return Assignment.objects.filter(campaign=campaign).submitted().sorted_ids()
