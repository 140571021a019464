"""Command-line arguments that several commands share."""

from django.core.management.base import CommandError

from assessments.models import Campaign


def campaign_from(reference):
    """The campaign a command names (by name, or by id), or a CommandError."""
    try:
        return Campaign.objects.select_related("bank_version").by_reference(reference)
    except Campaign.DoesNotExist as exc:
        raise CommandError(str(exc)) from None
