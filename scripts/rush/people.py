"""Who the rush benchmark plays, written straight into the scratch database: an open
campaign and people invited to it. Straight in, not through the pages, because setting
up hundreds of people is not what a rush times: one password hash for all of them,
sessions made as a login makes them (a login costs the server about a second of CPU),
and, for the open loop, people who were already answering when its window opened.

Django must be set up before any of these is called (scripts/bench_rush.py does, or
pytest-django).
"""

import datetime
import random

PASSWORD = "rush-bench-password"  # noqa: S105 (the scratch database's people)


def open_campaign(version=None):
    """An open campaign closing tomorrow, on `version` (the default bank's by default)."""
    from django.utils import timezone

    from assessments.models import Campaign
    from assessments.services.bank_files import load_default_bank

    if version is None:
        version, __ = load_default_bank(publish_it=True)
    return Campaign.objects.create(
        name="Rush",
        bank_version=version,
        status=Campaign.Status.OPEN,
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )


class Person:
    """Somebody invited to `campaign`: their login, their assignment, the session cookie
    the bench made for them (open loop) and the answers the bench stored for them."""

    def __init__(self, username, assignment_id):
        self.username, self.assignment_id = username, assignment_id
        self.session, self.stored = None, {}


def make_people(campaign, count, prefix, *, password=False, sessions=False, rng=None):
    """`count` people with an assignment each in `campaign`. With `password`, they can log
    in with PASSWORD; with `sessions`, each gets a session as a login makes it; with `rng`,
    each was already answering: notice acknowledged, the pages before a random one
    answered."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.test import Client

    from assessments.models import Assignment
    from talent.models import Department, Employee, User

    department, __ = Department.objects.get_or_create(code="RUSH", defaults={"name": "Rush"})
    # One hash for everybody: hashing is what each login costs the server, not the set-up.
    hashed = make_password(PASSWORD if password else None)
    users = User.objects.bulk_create(
        User(username=f"{prefix}{i:05d}", password=hashed) for i in range(count)
    )
    employees = Employee.objects.bulk_create(
        Employee(
            employee_id=f"{prefix}{i:05d}"[-20:],
            name=f"Rush {prefix} {i}",
            department=department,
            user=user,
        )
        for i, user in enumerate(users)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(campaign=campaign, employee=employee, department=department)
        for employee in employees
    )
    people = [Person(u.username, a.pk) for u, a in zip(users, assignments, strict=True)]
    if rng is not None:
        _already_answering(campaign, assignments, people, rng)
    if sessions:
        for user, person in zip(users, people, strict=True):
            client = Client()
            client.force_login(user)
            person.session = client.cookies[settings.SESSION_COOKIE_NAME].value
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return people


def _already_answering(campaign, assignments, people, rng):
    """Write what each person did before the window opened: the notice acknowledged, the
    item order fixed (as their first visit does) and every page before a random one
    answered, one save each. Their stored answers go to `person.stored`."""
    from django.utils import timezone

    from assessments.models import Answer, Assignment, Item, TwinPair
    from assessments.services import answering

    version_id = campaign.bank_version_id
    ids = list(
        Item.objects.filter(version_id=version_id)
        .order_by("order", "pk")
        .values_list("pk", flat=True)
    )
    pairs = list(
        TwinPair.objects.filter(version_id=version_id).values_list("item_a_id", "item_b_id")
    )
    allowed = answering.version_items(version_id)
    notice, now, answers = answering.notice_version(campaign), timezone.now(), []
    for assignment, person in zip(assignments, people, strict=True):
        order = answering.shuffle_apart(ids, pairs, random.Random(f"{campaign.pk}:{assignment.pk}"))
        pages = answering.pages(order)
        before = [item for page in pages[: rng.randrange(len(pages))] for item in page]
        assignment.item_order = order
        assignment.notice_version, assignment.notice_acknowledged_at = notice, now
        if before:
            assignment.status, assignment.started_at = Assignment.Status.IN_PROGRESS, now
            assignment.sequence, assignment.language = len(before), "en"
        for sequence, item in enumerate(before, start=1):
            value = rng.choice(list(allowed[item]))
            person.stored[(assignment.pk, item)] = value
            answers.append(
                Answer(
                    assignment_id=assignment.pk,
                    item_id=item,
                    value=value,
                    seconds=round(rng.uniform(3, 8), 1),
                    answered_at=now,
                    language="en",
                    sequence=sequence,
                )
            )
    Assignment.objects.bulk_update(
        assignments,
        [
            "item_order",
            "notice_version",
            "notice_acknowledged_at",
            "status",
            "started_at",
            "sequence",
            "language",
        ],
    )
    Answer.objects.bulk_create(answers)
