# One module per area so that banks, campaigns and scoring can grow independently.
from . import banks, campaigns, scoring  # noqa: F401
