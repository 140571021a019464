import pytest


@pytest.fixture(autouse=True)
def org_import_dir(settings, tmp_path):
    """Private files (uploads waiting for their check and confirmation) go to a directory
    of the test's own; the uploads are under org-imports/ in it."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT / "org-imports"
