"""Publishing an outcome criterion's version (models/outcomes.py): one transaction, every
problem reported at once, as for bank versions (services/banks.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import CriterionVersion


def publish_criterion(version, user=None):
    """Publish a draft criterion version; raises ValidationError listing every problem."""
    with transaction.atomic():
        version = CriterionVersion.objects.select_for_update().select_related(
            "criterion").get(pk=version.pk)
        problems = version.publish_problems()
        if problems:
            raise ValidationError(problems)
        version.status = CriterionVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = user
        version.save()
    return version


def start_criterion_draft(criterion, *, definition=None):
    """A new draft copied from the criterion's newest version, or for a criterion with
    none a 1-5 one with `definition`; a version without a definition is refused
    (ValidationError from the model), so the first draft needs one."""
    latest = criterion.versions.order_by("-number").first()
    fields = {"definition": definition or {}} if latest is None else {
        f: getattr(latest, f) for f in ("definition", "scale_min", "scale_max",
                                        "scale_labels", "family", "placed_only")}
    fields.setdefault("scale_min", 1)
    fields.setdefault("scale_max", 5)
    number = 1 if latest is None else latest.number + 1
    return CriterionVersion.objects.create(criterion=criterion, number=number, **fields)
