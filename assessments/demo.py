"""Demo question bank and answers for `seed_demo` (idempotent)."""

import importlib.util

from .banks import load_default_bank


def seed_assessments():
    """Load the default bank, published, and demo answers; yields lines to print."""
    version, created = load_default_bank(publish_it=True)
    yield (
        f"Question bank: {version.bank.code} v{version.number} "
        f"({'loaded' if created else 'already there'}, {version.status}), "
        f"{version.items.count()} items."
    )

    # --- Demo answers: provided by assessments/response_import.py (another branch). ---
    # Looked up lazily so this module works before that one exists.
    if importlib.util.find_spec("assessments.response_import") is not None:
        from .response_import import seed_demo_answers

        yield from seed_demo_answers(version) or ()
