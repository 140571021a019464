"""Question-bank workflows: publish a draft, retire a version, start a draft from one.

Each is one transaction that either does everything or nothing; `publish` reports every
reason a draft cannot be published at once. Published versions are immutable in the
model layer (assessments/models/banks.py), so these are the only ways they move.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ..models import BankVersion, Item, QuestionBank, Scale, TwinPair
from ..reports.item_analysis import version_keying_by_language


def publish(version, user=None):
    """Publish a draft, or raise ValidationError listing every reason it cannot be.

    The published version comes back with `warnings`: things the admin should look at
    that do not stop publishing (see `keying_warnings`)."""
    with transaction.atomic():
        version = BankVersion.objects.select_for_update().get(pk=version.pk)
        problems = version.publish_problems()
        if problems:
            raise ValidationError(problems)
        # From now on the version shows the name it was published with, whatever
        # becomes of the bank's.
        version.name, version.description = version.shown_name, version.shown_description
        version.status = BankVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = user if user is not None and user.is_authenticated else None
        version.save()
    # Read after the commit: the analysis reads every answer of the previous version and
    # must not hold the version's lock meanwhile.
    version.warnings = keying_warnings(version)
    return version


def previous_version(version):
    """The version a new one follows: the one it was copied from, else the bank's
    latest version numbered before it that was ever published."""
    if version.based_on_id:
        return version.based_on
    return (BankVersion.objects.filter(bank_id=version.bank_id, number__lt=version.number)
            .exclude(status=BankVersion.Status.DRAFT).order_by("-number").first())


def keying_warnings(version) -> list[str]:
    """A warning when items of the previous version answered differently by language:
    their corrected item-total correlations differ between two languages by more than
    chance explains, read over all the items at once (reports.item_analysis.
    keying_by_language: Fisher's z difference, false-discovery-rate control, only
    languages with the people the check needs)."""
    previous = previous_version(version)
    if previous is None:
        return []
    report = version_keying_by_language(previous)
    flagged = [item for item in report["items"] if item["flagged"]]
    if not flagged:
        return []
    names = [language["name"] for language in report["compared"]]
    described = "; ".join(
        "{} ({}; {})".format(item["code"], ", ".join(
            f"{name} {'—' if r is None else format(r, '.2f')}"
            for name, r in zip(names, item["r_drop"], strict=True)),
            _("chance alone gives a difference this large %(chance)s")
            % {"chance": item["chance"]})
        for item in flagged
    )
    return [_("In %(previous)s these items correlate with the rest of their scale "
              "differently by language, more than chance explains (a reversed or drifting "
              "translation?): %(items)s. Check their translations in %(version)s.")
            % {"previous": previous, "items": described, "version": version}]


def retire(version):
    """Stop offering a published version to new campaigns (old results keep pointing at it)."""
    if version.status != BankVersion.Status.PUBLISHED:
        raise ValidationError(_("Only a published version can be retired."))
    version.status = BankVersion.Status.RETIRED
    version.save(update_fields=["status"])
    return version


def start_draft_from(version, changelog="", user=None):
    """Copy a version's scales, items and twin pairs into a new draft numbered after the latest."""
    with transaction.atomic():
        bank = QuestionBank.objects.select_for_update().get(pk=version.bank_id)
        draft = BankVersion.objects.create(
            bank=bank, number=bank.next_version_number(), based_on=version,
            changelog=changelog, name=version.name, description=version.description,
        )
        # Copied in the export's order, so the copy exports identically.
        scales = {
            scale.pk: Scale(version=draft, code=scale.code, name=scale.name,
                            description=scale.description, role=scale.role)
            for scale in version.scales.order_by("pk")
        }
        create_with_history(Scale, scales.values(), user)
        items = {
            item.pk: Item(version=draft, scale=scales[item.scale_id], code=item.code,
                          text=item.text, reverse=item.reverse, min_value=item.min_value,
                          max_value=item.max_value, anchors=item.anchors, order=item.order)
            for item in version.items.order_by("order", "pk")
        }
        create_with_history(Item, items.values(), user)
        create_with_history(TwinPair, [
            TwinPair(version=draft, item_a=items[pair.item_a_id], item_b=items[pair.item_b_id],
                     relation=pair.relation)
            for pair in version.pairs.order_by("pk")
        ], user)
    return draft


def create_with_history(model, objs, user):
    """Insert rows in bulk with their "created" history records (one query each way).

    Django fills in each object's foreign keys from related objects saved just before.
    """
    user = user if user is not None and user.is_authenticated else None
    return bulk_create_with_history(list(objs), model, batch_size=500, default_user=user)
