"""Private files: what the web and the workers both read, and nobody reaches by URL.

The people exports (assessments) and the organisation imports (talent) keep their files
here. STORAGES["private"] when configured (an S3 bucket, settings.PRIVATE_STORAGE), else
PRIVATE_MEDIA_ROOT on the filesystem, which must then be shared by every web and worker
process (docs/operations.md). Downloads always go through a view that checks the owner.
"""

import secrets

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    # Lazy so that tests (and settings overrides) can change either setting.
    def _setup(self):
        if "private" in settings.STORAGES:
            self._wrapped = storages["private"]
        else:
            self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT,
                                              base_url=None)


private_storage = PrivateStorage()


@receiver(setting_changed)
def _follow_private_media_root(setting, **kwargs):
    if setting in ("PRIVATE_MEDIA_ROOT", "STORAGES"):
        private_storage._wrapped = empty


def get_private_storage():
    """For FileField(storage=...): a callable keeps the choice out of migrations."""
    return private_storage


def keep_under_a_random_name(folder, content):
    """Store `content` (a file object) as `<folder>/<random>.csv` and return that name:
    never a name a client sent, and not guessable."""
    return private_storage.save(f"{folder}/{secrets.token_urlsafe(24)}.csv", File(content))
