"""Permission names and the roles that hold them (loaded by rules' autodiscovery)."""

import rules

from .roles import is_bank_admin, is_department_manager, is_employee, is_hr, is_superuser

staff_hr = is_hr | is_superuser
staff_bank = is_bank_admin | is_superuser

# The organisation: HR manages it; nobody else sees it as a whole.
for model in ("department", "position", "employee"):
    rules.add_perm(f"talent.view_{model}", staff_hr)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"talent.{action}_{model}", staff_hr)
rules.add_perm("talent.import_org", staff_hr)
# HR links employees to their logins (the admin's login autocomplete needs this).
rules.add_perm("talent.view_user", staff_hr)

# Question banks: bank admins author; HR reads.
for model in ("questionbank", "bankversion", "scale", "item", "twinpair"):
    rules.add_perm(f"assessments.view_{model}", staff_bank | is_hr)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"assessments.{action}_{model}", staff_bank)
rules.add_perm("assessments.publish_bank", staff_bank)

# Campaigns and results: HR runs them.
for model in ("campaign", "assignment", "scoringrun", "result", "normgroup"):
    rules.add_perm(f"assessments.view_{model}", staff_hr)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"assessments.{action}_{model}", staff_hr)
rules.add_perm("assessments.score_campaign", staff_hr)
rules.add_perm("assessments.view_item_analysis", staff_hr | is_bank_admin)

# Department managers see their own department's aggregates (never individuals).
rules.add_perm("talent.view_department_aggregates", is_department_manager | staff_hr)

# Every employee takes their own assessments and reads their own report.
rules.add_perm("assessments.take_assessment", is_employee)
