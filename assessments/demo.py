"""Demo question bank and answers for `seed_demo` (idempotent)."""

from .banks import load_default_bank
from .response_import import seed_demo_answers


def seed_assessments():
    """Load the default bank, published, and demo answers; yields lines to print."""
    version, created = load_default_bank(publish_it=True)
    yield (
        f"Question bank: {version.bank.code} v{version.number} "
        f"({'loaded' if created else 'already there'}, {version.status}), "
        f"{version.items.count()} items."
    )
    yield seed_demo_answers(version)
