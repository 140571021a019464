"""The integration pages' permission names (loaded by rules' autodiscovery)."""

import rules

from talent.roles import is_hr_staff

# HR and superusers issue and revoke API tokens, register webhooks, and decide paused
# HR-system syncs.
rules.add_perm("api.manage_integrations", is_hr_staff)
