"""The organisation's permission names and the roles that hold them (loaded by rules'
autodiscovery; each app registers its own, see assessments/rules.py)."""

import rules

from .roles import is_department_manager, is_hr_staff

# The organisation: HR manages it; nobody else sees it as a whole.
for model in ("department", "position", "employee", "departmenttarget"):
    rules.add_perm(f"talent.view_{model}", is_hr_staff)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"talent.{action}_{model}", is_hr_staff)
rules.add_perm("talent.import_org", is_hr_staff)
# HR sees who can sign in and (re)sends invitations to set a password.
rules.add_perm("talent.manage_logins", is_hr_staff)
# HR links employees to their logins (the admin's login autocomplete needs this).
rules.add_perm("talent.view_user", is_hr_staff)

# Department managers see their own department's aggregates (never individuals).
rules.add_perm("talent.view_department_aggregates", is_department_manager | is_hr_staff)
