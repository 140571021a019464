"""Demo question bank and answers for `seed_demo` (idempotent)."""


def seed_assessments():
    """Load the default bank and demo answers; yields lines to print."""
    return []
