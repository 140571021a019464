"""The assessments' permission names and the roles that hold them (loaded by rules'
autodiscovery). The roles themselves are decided in talent/roles.py."""

import rules

from talent.roles import (
    is_bank_admin,
    is_bank_staff,
    is_department_manager,
    is_employee,
    is_hr,
    is_hr_staff,
    is_privacy_officer,
)

# Question banks: bank admins author; HR reads.
for model in ("questionbank", "bankversion", "scale", "item", "twinpair"):
    rules.add_perm(f"assessments.view_{model}", is_bank_staff | is_hr)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"assessments.{action}_{model}", is_bank_staff)
rules.add_perm("assessments.publish_bank", is_bank_staff)

# Campaigns and results: HR runs them.
for model in ("campaign", "assignment", "scoringrun", "result", "normgroup"):
    rules.add_perm(f"assessments.view_{model}", is_hr_staff)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"assessments.{action}_{model}", is_hr_staff)
rules.add_perm("assessments.score_campaign", is_hr_staff)
rules.add_perm("assessments.view_item_analysis", is_hr_staff | is_bank_admin)

# Every employee takes their own assessments and reads their own report.
rules.add_perm("assessments.take_assessment", is_employee)

# Review: HR decides results before their person sees them (services/reviews.py).
rules.add_perm("assessments.review_result", is_hr_staff)
# Every employee downloads what is held about them (views/my_data.py).
rules.add_perm("assessments.download_own_data", is_employee)
# A department manager reads the aggregates of the units they head (small cells hidden).
rules.add_perm("assessments.view_unit_dashboard", is_department_manager)
# People, have and need, two functions per unit: HR only (managers see aggregates only,
# on their own pages).
rules.add_perm("assessments.view_people", is_hr_staff)
rules.add_perm("assessments.export_people", is_hr_staff)

# Outcome criteria and ratings, and the evidence pages (docs/evidence.md): HR only. A
# manager never sees an individual outcome, nor a page of outcome aggregates.
for model in ("criterion", "criterionversion"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"assessments.{action}_{model}", is_hr_staff)
rules.add_perm("assessments.import_outcomes", is_hr_staff)
rules.add_perm("assessments.view_evidence", is_hr_staff)
# The access trail: the privacy officer (and the superuser, who holds every permission).
rules.add_perm("assessments.view_access_records", is_privacy_officer)
# Erasure of one person who has left (services/erasure.py): HR.
rules.add_perm("assessments.erase_person", is_hr_staff)
