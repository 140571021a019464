"""Every route the project serves, from the URL resolver, and how to fill its arguments
with the objects of `world` (conftest.py). The admin is one entry here (its index); its
pages are proven model by model in test_admin_rights_by_model_and_role.py."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse


def routed_names():
    """Every named route, namespaced ("assessments:campaign_detail"); every admin page
    is summarised as "admin:index"."""
    names = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                if inner == "admin:":
                    names.add("admin:index")
                    continue
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern):
                assert entry.name, f"an unnamed route: {entry.pattern}"
                names.add(f"{namespace}{entry.name}")

    walk(get_resolver().url_patterns, "")
    return names


def _a(key, who="employee"):
    return lambda w: {"pk": w[key][who].assignment_id if key == "results" else w[key][who].pk}


# How to fill each route's arguments from `world`; routes without arguments are absent.
ARGUMENTS = {
    "openid_connect_login": lambda w: {"provider_id": "oidc"},
    "mail_events": lambda w: {"provider": "postmark"},
    "openid_connect_callback": lambda w: {"provider_id": "oidc"},
    "talent:resend_invitation": lambda w: {"user_id": 1},
    "set_password_from_invitation": lambda w: {"uidb64": "MQ", "token": "cdkx7k-0123abcd"},
    "password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "cdkx7k-0123abcd"},
    "assessments:bank_preview": lambda w: {"version_id": w["version"].pk},
    "assessments:bank_export": lambda w: {"version_id": w["version"].pk},
    **{f"assessments:{name}": lambda w: {"version_id": w["version"].pk} for name in (
        "bank_version", "bank_start_draft", "bank_changes", "bank_checks", "bank_publish",
        "bank_pair_add")},
    **{f"assessments:{name}": lambda w: {"version_id": w["version"].pk,
                                         "item_id": w["version"].items.first().pk}
       for name in ("bank_item", "bank_item_edit", "bank_item_save", "bank_item_move")},
    "assessments:bank_pair_remove": lambda w: {"version_id": w["version"].pk,
                                               "pair_id": w["version"].pairs.first().pk},
    "assessments:campaign_detail": lambda w: {"pk": w["open"].pk},
    "assessments:score_campaign": lambda w: {"pk": w["closed"].pk},
    "assessments:run_progress": lambda w: {"pk": w["closed"].pk, "run_id": w["run"].pk},
    "assessments:norm_group": lambda w: {"pk": w["run"].norm_group_id},
    "assessments:item_analysis": lambda w: {"pk": w["closed"].pk},
    "assessments:launch_campaign": lambda w: {"pk": w["open"].pk},
    "assessments:close_campaign": lambda w: {"pk": w["open"].pk},
    "assessments:remind_campaign": lambda w: {"pk": w["open"].pk},
    "assessments:invite_campaign": lambda w: {"pk": w["open"].pk},
    "assessments:share_campaign": lambda w: {"pk": w["closed"].pk},
    "assessments:campaign_dashboard": lambda w: {"pk": w["closed"].pk},
    "assessments:unit_trend": lambda w: {"pk": w["closed"].pk},
    "assessments:assignment_list": lambda w: {"pk": w["open"].pk},
    "assessments:export_progress": lambda w: {"pk": w["hr_job"].pk},
    "assessments:export_download": lambda w: {"pk": w["hr_job"].pk},
    "assessments:person": lambda w: {"pk": w["pending"]["employee"].employee_id},
    "assessments:erase_person": lambda w: {"pk": w["pending"]["employee"].employee_id},
    "assessments:position_have_need": lambda w: {"pk": w["position"].pk},
    "assessments:assignment": _a("pending"),
    "assessments:assignment_notice": _a("pending"),
    "assessments:assignment_page": lambda w: {"pk": w["pending"]["employee"].pk, "number": 1},
    "assessments:assignment_autosave": _a("pending"),
    "assessments:assignment_submit": _a("pending"),
    "assessments:assignment_submitted": _a("pending"),
    "assessments:my_report": _a("results"),
    "assessments:contest_result": _a("results"),
    "assessments:review_result": lambda w: {"pk": w["results"]["employee"].pk},
    "assessments:review_decide": lambda w: {"pk": w["results"]["employee"].pk},
    "assessments:retest": lambda w: {"pk": w["closed"].pk, "other": w["open"].pk},
    "assessments:criterion_evidence": lambda w: {"pk": w["criterion"].pk},
    "integrations:token_revoke": lambda w: {"pk": 1},
    "integrations:webhook_deactivate": lambda w: {"pk": 1},
    "talent:org_import": lambda w: {"pk": w["org_upload"].pk},
    "talent:confirm_org_import": lambda w: {"pk": w["org_upload"].pk},
    "talent:discard_org_import": lambda w: {"pk": w["org_upload"].pk},
    "talent:org_sync": lambda w: {"pk": w["sync"].pk},
    "talent:org_sync_decide": lambda w: {"pk": w["sync"].pk},
    "api:employee": lambda w: {"employee_id": "ID-employee"},
    "scim:user": lambda w: {"pk": w["investor"].employee.pk},
    "api:campaign": lambda w: {"pk": w["open"].pk},
    "api:campaign_launch": lambda w: {"pk": w["open"].pk},
    "api:webhook_deactivate": lambda w: {"pk": 1},
    "api:campaign_score": lambda w: {"pk": w["closed"].pk},
    "api:campaign_assignments": lambda w: {"pk": w["open"].pk},
    "api:campaign_results": lambda w: {"pk": w["closed"].pk},
    "api:result": lambda w: {"pk": w["results"]["employee"].pk},
}


def url_of(name, world):
    kwargs = ARGUMENTS[name](world) if name in ARGUMENTS else {}
    return reverse(name, kwargs=kwargs)
