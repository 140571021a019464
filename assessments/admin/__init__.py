# One module per area so that banks, items, campaigns and scoring can grow independently.
from . import banks, campaigns, items, scoring  # noqa: F401
