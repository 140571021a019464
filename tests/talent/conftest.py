import pytest


@pytest.fixture(autouse=True)
def org_import_dir(settings, tmp_path):
    """Uploads waiting for confirmation go to a directory of the test's own."""
    settings.ORG_IMPORT_DIR = tmp_path / "org-imports"
    return settings.ORG_IMPORT_DIR
