"""Uploads kept between a preview and its confirmation, both within requests (the
outcome import; the organisation import keeps its own jobs, talent/org_import_jobs.py).

The file lives in private storage under a random token that the uploader's session
holds, so any web process can confirm what another previewed (docs/operations.md).
"""

import datetime
from pathlib import Path

from django.utils import timezone

from .private_files import keep_under_a_random_name, private_storage

UPLOAD_MAX_AGE = datetime.timedelta(days=1)
FOLDER = "uploads"


def keep_upload(uploaded_file):
    """Store an upload under a fresh random token and return the token.

    The name in storage is the token alone, never anything the client sent.
    """
    _remove_stale_uploads()
    return Path(keep_under_a_random_name(FOLDER, uploaded_file)).stem


def open_kept_upload(token):
    """The stored file for a token, open for reading, or None for anything that is not
    one of ours."""
    name = _name(token)
    if name is None or not private_storage.exists(name):
        return None
    return private_storage.open(name, "rb")


def discard_upload(token):
    name = _name(token)
    if name is not None:
        private_storage.delete(name)


def kept_uploads():
    """Names of the uploads waiting for confirmation (for erasure)."""
    try:
        return [f"{FOLDER}/{name}" for name in private_storage.listdir(FOLDER)[1]]
    except FileNotFoundError:
        return []


def _name(token):
    if not isinstance(token, str) or len(token) != 32 or not all(
        c.isascii() and (c.isalnum() or c in "-_") for c in token
    ):
        return None
    return f"{FOLDER}/{token}.csv"


def _remove_stale_uploads():
    cutoff = timezone.now() - UPLOAD_MAX_AGE
    for name in kept_uploads():
        try:
            if private_storage.get_modified_time(name) < cutoff:
                private_storage.delete(name)
        except FileNotFoundError:
            pass  # removed by a concurrent request
