# One module per area so that banks, items, campaigns and scoring can grow independently.
from . import banks, campaigns, criteria, items, scoring  # noqa: F401
