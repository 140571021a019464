"""The named cast every test can ask for.

employee, other_employee: plain employees of the Underwriting department;
manager: heads Underwriting; hr and bank_admin: the staff roles (also employees);
outsider: a login with no employee record and no role; superuser.
Each fixture is a User; `client_for(user)` gives a logged-in test client.
"""

import io
import os

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from talent.models import Department, Employee, Position, User
from talent.roles import BANK_ADMIN_GROUP, HR_GROUP

PASSWORD = "correct-horse-battery"
# Fixtures any test may ask for: an S3 API on loopback (s3_endpoint, bucket).
pytest_plugins = ["tests.s3_bucket"]


def pytest_configure(config):
    # The run's cache is one it was given, never the site's production cache (tests/cache.py).
    from tests.cache import use_test_cache

    use_test_cache()
    # Under pytest-xdist (scripts/run-tests) each test process gets its own folders for
    # private files: two processes' databases hand out the same ids, which name the files.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        from django.conf import settings

        settings.PRIVATE_MEDIA_ROOT = settings.VAR_DIR / f"test-{worker}" / "private"


# Fixtures through which a test reaches a database, the site or a service.
# (Every test has `settings` and the autouse fixtures; those reach no service.)
_SERVICE_FIXTURES = {"db", "transactional_db", "live_server", "client", "admin_client"}


def pytest_collection_modifyitems(items):
    # The scoring engine's own tests (tests/assessments/scoring) run numpy on arrays and
    # reach no database, broker or cache: marked `engine`, so that a run on other
    # services can leave out what would compute the same bytes again (.ci/run).
    for item in items:
        path = str(item.fspath)
        if (f"{os.sep}assessments{os.sep}scoring{os.sep}" in path
                and not _SERVICE_FIXTURES & set(getattr(item, "fixturenames", ()))
                and item.get_closest_marker("django_db") is None):
            item.add_marker(pytest.mark.engine)


@pytest.fixture(scope="module")
def demo_organisation(django_db_setup, django_db_blocker):
    """The full demo (`seed_demo`, about 15 s) seeded once for a module whose tests only
    read it: inside a transaction rolled back when the module ends, each test in a
    savepoint of its own within it (as Django's TestCase.setUpTestData), so what a test
    writes is undone before the next. A test asks for `db` beside it to reach the data."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def org(db):
    head_office = Department.objects.create(code="HQ", name="Head office")
    underwriting = Department.objects.create(code="UW", name="Underwriting", parent=head_office)
    investment = Department.objects.create(code="INV", name="Investment", parent=head_office)
    analyst = Position.objects.create(
        code="UW-ANL", title="Underwriting analyst", department=underwriting,
        function=Position.Function.OPERATIONS, need_execution=3, need_compression=1,
    )
    return {"HQ": head_office, "UW": underwriting, "INV": investment, "analyst": analyst}


def make_user(username, org, *, department="UW", group=None, staff=False, employee=True):
    user = User.objects.create_user(username=username, password=PASSWORD, is_staff=staff,
                                    first_name=username.title())
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    if employee:
        Employee.objects.create(
            employee_id=f"ID-{username}", name=username.title(), user=user,
            email=f"{username}@example.com", department=org[department],
            position=org["analyst"] if department == "UW" else None,
        )
    return user


@pytest.fixture
def employee(org):
    return make_user("employee", org)


@pytest.fixture
def other_employee(org):
    return make_user("other_employee", org)


@pytest.fixture
def manager(org):
    user = make_user("manager", org)
    org["UW"].head = user.employee
    org["UW"].save()
    return user


@pytest.fixture
def hr(org):
    return make_user("hr", org, department="HQ", group=HR_GROUP, staff=True)


@pytest.fixture
def bank_admin(org):
    return make_user("bank_admin", org, department="HQ", group=BANK_ADMIN_GROUP, staff=True)


@pytest.fixture
def outsider(org):
    return make_user("outsider", org, employee=False)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.com", PASSWORD)


@pytest.fixture
def client_for(db):
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def cast(employee, other_employee, manager, hr, bank_admin, outsider, superuser):
    return {
        "employee": employee,
        "other_employee": other_employee,
        "manager": manager,
        "hr": hr,
        "bank_admin": bank_admin,
        "outsider": outsider,
        "superuser": superuser,
    }


@pytest.fixture(autouse=True)
def second_factor_passed(request, settings):
    """The cast signs in as if they had entered their second factor (talent/mfa.py), so
    tests about other things need not walk through it. Tests marked `mfa` get the real
    enforcement, as in production (tests/talent/test_second_factor.py)."""
    settings.MFA_REQUIRED_FOR_STAFF = True
    if request.node.get_closest_marker("mfa"):
        yield
        return
    from django.contrib.auth.signals import user_logged_in

    from talent.mfa import SESSION_VERIFIED

    def passed(sender, request, user, **kwargs):
        request.session[SESSION_VERIFIED] = True

    user_logged_in.connect(passed, dispatch_uid="tests-second-factor-passed")
    yield
    user_logged_in.disconnect(dispatch_uid="tests-second-factor-passed")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashers take ~0.3 s per password by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_process_state(settings):
    """What one test leaves in the process must not reach the next: the language a
    request activated (LocaleMiddleware leaves it on the thread), and the per-process
    cache of published bank versions' items (keyed by id; a rolled-back test database
    hands the same ids to other versions), and the site's cache, whose report keys are
    built from ids and counters that a rolled-back database hands out again."""
    yield
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()

    from assessments.services import answering

    translation.activate(settings.LANGUAGE_CODE)
    answering._ITEMS.clear()
