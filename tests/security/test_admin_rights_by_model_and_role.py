"""The admin, model by model, for every role of the cast (tests/config/
test_admin_rights_by_role.py writes down each staff role's rights on stored objects; this
test proves what every role, staff or not, gets from each model's list page).

- Roles that are not staff are sent to a login page from every list.
- A staff role opens a model's list (200) exactly when its written rights say it may view
  or change that model, and is refused (403) otherwise; has_change_permission agrees.
- Append-only records (review decisions, contests, access records, history rows) and
  export jobs are nobody's to change or delete in the admin, a superuser's included:
  they are either not registered or registered view-only.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from assessments.models.reviews import AppendOnlyModel
from tests.config.test_admin_rights_by_role import RIGHTS

from .conftest import ROLES

STAFF = {"hr", "bank_admin", "superuser"}
RECORDS = {"assessments.reviewdecision", "assessments.contest", "assessments.accessrecord",
           "assessments.exportjob"}


def label(model):
    return model._meta.label_lower


def rights(model, role):
    """Every letter the role holds on any stored state of the model."""
    return "".join(letters.get(role, "") for row, letters in RIGHTS.items()
                   if row.partition(":")[0] == label(model))


def test_the_append_only_records_are_the_ones_written_here():
    append_only = {label(m) for m in apps.get_models() if issubclass(m, AppendOnlyModel)}
    assert append_only <= RECORDS


def test_every_model_list_answers_every_role_as_written(users, client_as):
    cells = 0
    for role in ROLES:
        client = client_as(role)
        request = RequestFactory().get("/admin/")
        request.user = users[role]
        for model, model_admin in admin.site._registry.items():
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            response = client.get(url)
            cells += 1
            if role not in STAFF:
                assert response.status_code == 302, (role, url)
                assert response["Location"].startswith(("/admin/login/", "/accounts/login/"))
                continue
            written = rights(model, role)
            may_open = bool(set(written) & set("vc"))
            assert response.status_code == (200 if may_open else 403), (role, url, written)
            assert model_admin.has_change_permission(request) == ("c" in written), (role, url)
    print(f"\nadmin: {len(admin.site._registry)} models x {len(ROLES)} roles = {cells} lists")


@pytest.mark.parametrize("role", sorted(STAFF))
def test_append_only_records_are_nobodys_to_change_in_the_admin(role, users):
    request = RequestFactory().get("/admin/")
    request.user = users[role]
    for model, model_admin in admin.site._registry.items():
        record = label(model) in RECORDS or label(model).split(".")[1].startswith("historical")
        if not record:
            continue
        assert not model_admin.has_add_permission(request), label(model)
        assert not model_admin.has_change_permission(request), label(model)
        assert not model_admin.has_delete_permission(request), label(model)
    # And none of them is registered today: no admin page shows them at all.
    assert not {label(m) for m in admin.site._registry} & RECORDS
