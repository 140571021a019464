"""Uploads of the organisation import, kept between the preview and the confirmation.

The preview and the confirmation are two requests; the file in between lives in
ORG_IMPORT_DIR under a random token that the uploader's session holds. With several web
containers that folder must be shared storage (docs/operations.md).
"""

import datetime
import secrets
import time
from pathlib import Path

from django.conf import settings

UPLOAD_MAX_AGE = datetime.timedelta(days=1)


def upload_dir():
    path = Path(settings.ORG_IMPORT_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def keep_upload(uploaded_file):
    """Store an upload under a fresh random token and return the token.

    The name on disk is the token alone, never anything the client sent.
    """
    _remove_stale_uploads()
    token = secrets.token_urlsafe(24)
    with open(upload_dir() / f"{token}.csv", "xb") as out:
        for chunk in uploaded_file.chunks():
            out.write(chunk)
    return token


def kept_upload_path(token):
    """The stored file for a token, or None for anything that is not one of ours."""
    if not isinstance(token, str) or len(token) != 32 or not all(
        c.isascii() and (c.isalnum() or c in "-_") for c in token
    ):
        return None
    path = upload_dir() / f"{token}.csv"
    return path if path.is_file() else None


def discard_upload(token):
    path = kept_upload_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _remove_stale_uploads():
    cutoff = time.time() - UPLOAD_MAX_AGE.total_seconds()
    for path in upload_dir().glob("*.csv"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass  # removed by a concurrent request
