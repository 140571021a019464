"""Who may do what on every admin page, written down once.

The table covers every model registered on the admin site (a new admin page fails the
first test until its rights are written here), for the three roles that reach the
admin. Rights are checked on a stored object: models whose rights depend on the
object's state have one row per state ("assessments.bankversion:published").

Letters: v view, a add, c change, d delete, r revert an earlier state from the history
form (a real POST: a refusal writes nothing and is never a server error).
"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib import admin
from django.contrib.auth.models import Group
from django.forms import BooleanField
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from assessments.admin.history import GuardedHistoryAdmin
from assessments.models import (
    Criterion,
    CriterionVersion,
    NormGroup,
    Result,
    ScoringRun,
    ScoringSpec,
)
from assessments.services.banks import start_draft_from
from assessments.services.criteria import publish_criterion, start_criterion_draft
from talent.models import DepartmentTarget
from tests.factories import make_bank, make_campaign, submit_answers

ROLES = ["hr", "bank_admin", "superuser"]
NONE = ""
ALL = "vacd"

RIGHTS = {
    "auth.group": {"hr": NONE, "bank_admin": NONE, "superuser": ALL},
    "axes.accessattempt": {"hr": NONE, "bank_admin": NONE, "superuser": "vcd"},
    "axes.accesslog": {"hr": NONE, "bank_admin": NONE, "superuser": "vcd"},
    "axes.accessfailurelog": {"hr": NONE, "bank_admin": NONE, "superuser": "vcd"},
    "talent.user": {"hr": "v", "bank_admin": NONE, "superuser": ALL},
    # Identity: second factors (a superuser resets a lost phone) and SSO identities.
    "mfa.authenticator": {"hr": NONE, "bank_admin": NONE, "superuser": ALL},
    "socialaccount.socialaccount": {"hr": NONE, "bank_admin": NONE, "superuser": ALL},
    "talent.department": {"hr": ALL, "bank_admin": NONE, "superuser": ALL},
    "talent.position": {"hr": ALL, "bank_admin": NONE, "superuser": ALL},
    "talent.employee": {"hr": ALL, "bank_admin": NONE, "superuser": ALL},
    "talent.departmenttarget": {"hr": ALL, "bank_admin": NONE, "superuser": ALL},
    # Question banks: bank admins author drafts; HR reads; a published version is final.
    "assessments.questionbank": {"hr": "v", "bank_admin": "vacdr", "superuser": "vacdr"},
    "assessments.bankversion:draft": {"hr": "v", "bank_admin": "vacdr",
                                      "superuser": "vacdr"},
    "assessments.bankversion:published": {"hr": "v", "bank_admin": "va", "superuser": "va"},
    "assessments.item:draft": {"hr": "v", "bank_admin": "vacdr", "superuser": "vacdr"},
    "assessments.item:published": {"hr": "v", "bank_admin": "va", "superuser": "va"},
    # Campaigns: HR runs them. An assignment's who, where, status and times are never
    # edited; a submitted one (answers, results) is never deleted here.
    "assessments.campaign": {"hr": ALL, "bank_admin": NONE, "superuser": ALL},
    "assessments.assignment:pending": {"hr": "vad", "bank_admin": NONE, "superuser": "vad"},
    "assessments.assignment:submitted": {"hr": "va", "bank_admin": NONE, "superuser": "va"},
    # Records of what was computed: read by HR, written by nobody through the admin.
    "assessments.scoringspec": {"hr": NONE, "bank_admin": NONE, "superuser": "v"},
    "assessments.normgroup": {"hr": "v", "bank_admin": NONE, "superuser": "v"},
    "assessments.scoringrun": {"hr": "v", "bank_admin": NONE, "superuser": "v"},
    # Outcome criteria: HR writes drafts and publishes them; a published one is final.
    "assessments.criterion": {"hr": ALL, "bank_admin": NONE, "superuser": ALL},
    "assessments.criterionversion:draft": {"hr": ALL, "bank_admin": NONE, "superuser": ALL},
    "assessments.criterionversion:published": {"hr": "va", "bank_admin": NONE,
                                               "superuser": "va"},
    # HR reads results on the review page (recorded); the admin keeps them for support.
    "assessments.result": {"hr": NONE, "bank_admin": NONE, "superuser": "v"},
}

# The list actions each role is offered, per model (actions are not per object).
ACTIONS = {
    "auth.group": {"superuser": {"delete_selected"}},
    "axes.accessattempt": {"superuser": {"delete_selected", "cleanup_expired_attempts"}},
    "axes.accesslog": {"superuser": {"delete_selected"}},
    "axes.accessfailurelog": {"superuser": {"delete_selected"}},
    "talent.user": {"superuser": {"delete_selected"}},
    "mfa.authenticator": {"superuser": {"delete_selected"}},
    "socialaccount.socialaccount": {"superuser": {"delete_selected"}},
    "talent.department": {"hr": {"delete_selected"}, "superuser": {"delete_selected"}},
    "talent.position": {"hr": {"delete_selected"}, "superuser": {"delete_selected"}},
    "talent.employee": {
        role: {"delete_selected", "deactivate", "reactivate"} for role in ("hr", "superuser")
    },
    "talent.departmenttarget": {"hr": {"delete_selected"}, "superuser": {"delete_selected"}},
    "assessments.questionbank": {"bank_admin": {"delete_selected"},
                                 "superuser": {"delete_selected"}},
    "assessments.bankversion": {
        role: {"delete_selected", "publish_selected", "start_drafts", "retire_selected"}
        for role in ("bank_admin", "superuser")
    },
    "assessments.item": {"bank_admin": {"delete_selected"}, "superuser": {"delete_selected"}},
    "assessments.campaign": {"hr": {"delete_selected"}, "superuser": {"delete_selected"}},
    "assessments.assignment": {"hr": {"delete_selected"}, "superuser": {"delete_selected"}},
    "assessments.criterion": {"hr": {"delete_selected"}, "superuser": {"delete_selected"}},
    "assessments.criterionversion": {role: {"delete_selected", "publish_selected"}
                                     for role in ("hr", "superuser")},
}


def label(model):
    return model._meta.label_lower


@pytest.fixture
def samples(cast, org):
    """One stored object per table row."""
    published = make_bank("PUB")
    draft = start_draft_from(published)
    campaign = make_campaign(published, name="Spring")
    submitted = submit_answers(campaign, cast["employee"].employee)
    pending = campaign.assignments.create(employee=cast["other_employee"].employee)
    spec = ScoringSpec.objects.current()
    norms = NormGroup.objects.create(bank_version=published, name="Norms", n=1, data={},
                                     spec=spec)
    run = ScoringRun.objects.create(campaign=campaign, spec=spec)
    result = Result.objects.create(
        assignment=submitted, spec=spec, norm_group=norms, bank_version=published, run=run,
        scores={}, validity=Result.Validity.VALID, indices={}, computed_at=timezone.now(),
    )
    criterion = Criterion.objects.create(code="ops", name={"en": "Ops", "zh-hans": "运营"})
    criterion_published = publish_criterion(CriterionVersion.objects.create(
        criterion=criterion, number=1, scale_min=1, scale_max=5,
        definition={"en": "Rated by the line manager", "zh-hans": "由直属经理评定"}))
    criterion_draft = start_criterion_draft(criterion)
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return {
        "auth.group": Group.objects.get(name="HR"),
        "axes.accessattempt": AccessAttempt.objects.create(username="x", failures_since_start=1),
        "axes.accesslog": AccessLog.objects.create(username="x"),
        "axes.accessfailurelog": AccessFailureLog.objects.create(username="x"),
        "talent.user": cast["employee"],
        "mfa.authenticator": Authenticator.objects.create(user=cast["hr"], type="totp",
                                                          data={"secret": "x"}),
        "socialaccount.socialaccount": SocialAccount.objects.create(
            user=cast["employee"], provider="oidc", uid="employee-sub"),
        "talent.department": org["UW"],
        "talent.position": org["analyst"],
        "talent.employee": cast["employee"].employee,
        "talent.departmenttarget": DepartmentTarget.objects.create(department=org["UW"]),
        "assessments.questionbank": published.bank,
        "assessments.bankversion:draft": draft,
        "assessments.bankversion:published": published,
        "assessments.item:draft": draft.items.first(),
        "assessments.item:published": published.items.first(),
        "assessments.campaign": campaign,
        "assessments.assignment:pending": pending,
        "assessments.assignment:submitted": submitted,
        "assessments.scoringspec": spec,
        "assessments.normgroup": norms,
        "assessments.scoringrun": run,
        "assessments.result": result,
        "assessments.criterion": criterion,
        "assessments.criterionversion:draft": criterion_draft,
        "assessments.criterionversion:published": criterion_published,
    }


def request_as(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_the_table_names_every_admin_page():
    registered = {label(model) for model in admin.site._registry}
    assert {row.partition(":")[0] for row in RIGHTS} == registered
    assert set(ACTIONS) <= registered


def test_every_admin_with_history_guards_its_revert_form():
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert isinstance(model_admin, GuardedHistoryAdmin), label(model)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", RIGHTS)
def test_admin_rights_by_role(row, role, cast, samples):
    model_admin = admin.site._registry[_model(row)]
    obj, request = samples[row], request_as(cast[role])
    granted = {
        "v": model_admin.has_view_permission(request, obj),
        "a": model_admin.has_add_permission(request),
        "c": model_admin.has_change_permission(request, obj),
        "d": model_admin.has_delete_permission(request, obj),
    }
    expected = RIGHTS[row][role]
    assert {letter for letter, ok in granted.items() if ok} == set(expected) - {"r"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted({row.partition(":")[0] for row in RIGHTS}))
def test_admin_actions_by_role(name, role, cast):
    model_admin = admin.site._registry[_model(name)]
    request = request_as(cast[role])
    # Actions run from the list page: nobody who cannot open it is offered any.
    reachable = model_admin.has_view_or_change_permission(request)
    offered = set(model_admin.get_actions(request)) if reachable else set()
    assert offered == ACTIONS.get(name, {}).get(role, set())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", RIGHTS)
def test_history_revert_by_role(row, role, cast, samples, client_for):
    model = _model(row)
    obj = samples[row]
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
                      args=[obj.pk, 1])
    except NoReverseMatch:
        assert "r" not in RIGHTS[row][role], "no history form on this page"
        return
    history = type(obj).history
    record = history.filter(id=obj.pk).earliest("history_date")
    url = url.replace("/1/", f"/{record.history_id}/")
    client = client_for(cast[role])
    before = history.filter(id=obj.pk).count()

    response = client.post(url, _form_data(client, url))

    assert response.status_code in (200, 302, 403), response.status_code
    reverted = history.filter(id=obj.pk).count() > before
    assert reverted is ("r" in RIGHTS[row][role]), response.status_code


def _model(row):
    return next(m for m in admin.site._registry if label(m) == row.partition(":")[0])


def _form_data(client, url):
    """What the history form shows, posted back unchanged (the revert button)."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, BooleanField):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data
