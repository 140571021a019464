"""Editing a draft bank version on the site (views/bank_editor.py): one item's texts,
scale and keying; the items' order; twin pairs.

Each change is one transaction that writes everything or nothing and raises
ValidationError naming every problem at once. A published version is refused here with a
clear message before the model's own lock (models/banks.py) would refuse it.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import BankVersion, Item, TwinPair

# A sentence a respondent reads; longer is a paragraph, not an item.
MAX_ITEM_TEXT = 500
# An answer label sits under a radio button: a few words.
MAX_ANSWER_LABEL = 60
EDITED_LANGUAGES = ("en", "zh-hans")


class BankEditRefused(Exception):
    """A request the editor refuses as a whole; `status` is the HTTP status to answer."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


def access_version(user, version_id, *, edit=False):
    """The bank version `version_id` for `user` to author: 404 when there is none, 403
    for anyone but a bank admin or superuser, 409 when `edit` and it is not a draft."""
    check_may_edit(user)
    version = BankVersion.objects.select_related("bank").filter(pk=version_id).first()
    if version is None:
        raise BankEditRefused(_("There is no such bank version."), status=404)
    if edit and not version.is_draft:
        raise BankEditRefused(_not_a_draft(version), status=409)
    return version


def check_may_edit(user):
    if not user.has_perm("assessments.change_bankversion"):
        raise BankEditRefused(_("Only question-bank admins edit banks."), status=403)


def _not_a_draft(version):
    return _("Version %(number)d is %(status)s and can no longer be changed; start a new "
             "draft from it to change the bank.") % {
        "number": version.number, "status": version.get_status_display().lower()}


def access_item(version, item_id):
    item = version.items.select_related("scale").filter(pk=item_id).first()
    if item is None:
        raise BankEditRefused(_("There is no such item in this version."), status=404)
    return item


def update_item(version, item, *, texts, scale_id, reverse, anchors=None):
    """Give `item` new texts (by language), scale and keying, and, unless `anchors` is
    None, new answer labels ({language: [label, ...]}: none, the two ends, or one per
    answer, in both languages or neither), or raise ValidationError (a dict by field)
    and change nothing."""
    errors = {}
    labels = _answer_labels(item, anchors, errors) if anchors is not None else None
    cleaned = {}
    for code in EDITED_LANGUAGES:
        value = (texts.get(code) or "").strip()
        if len(value) > MAX_ITEM_TEXT:
            errors[code] = [_("At most %(max)d characters (this has %(count)d).")
                            % {"max": MAX_ITEM_TEXT, "count": len(value)}]
        cleaned[code] = value
    for code in EDITED_LANGUAGES:
        if not cleaned[code] and code not in errors:
            errors[code] = [_("Write the sentence in this language.")]
    scale = version.scales.filter(pk=scale_id).first() if str(scale_id).isdigit() else None
    if scale is None:
        errors["scale"] = [_("Choose one of this version's scales.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_draft(version)
        item.text = {**(item.text if isinstance(item.text, dict) else {}), **cleaned}
        item.scale, item.reverse = scale, bool(reverse)
        fields = ["text", "scale", "reverse"]
        if labels is not None:
            item.anchors = labels
            fields.append("anchors")
        item.save(update_fields=fields)
    return item


def _answer_labels(item, anchors, errors):
    """The item's new `anchors` from {language: [label, ...]}, adding what is wrong
    with them to `errors` (keyed "anchors_<language>")."""
    span = item.max_value - item.min_value + 1
    cleaned = {}
    for code in EDITED_LANGUAGES:
        labels = [label.strip() for label in anchors.get(code) or [] if label.strip()]
        problems = []
        if labels and len(labels) not in (2, span):
            problems.append(_("%(count)d labels: give 2 (the lowest and the highest answer) "
                              "or %(span)d (one per answer), one a line.")
                            % {"count": len(labels), "span": span})
        if any(len(label) > MAX_ANSWER_LABEL for label in labels):
            problems.append(_("A label has at most %(max)d characters.")
                            % {"max": MAX_ANSWER_LABEL})
        if problems:
            errors[f"anchors_{code}"] = problems
        if labels:
            cleaned[code] = labels
    given = [code for code in EDITED_LANGUAGES if code in cleaned]
    if len(given) == 1:
        missing = next(code for code in EDITED_LANGUAGES if code not in cleaned)
        errors.setdefault(f"anchors_{missing}", []).append(
            _("Give the labels in this language too, or in neither: a respondent would "
              "otherwise read them in the other language."))
    return cleaned


def move_item(version, item, direction):
    """Swap `item` with its neighbour of the same scale in the questionnaire's order
    ("up": the one before it, "down": the one after); nothing when it is already first
    or last. The version's items are numbered 1..n first, so ties in `order` (an import
    may leave them) cannot make a move do nothing."""
    if direction not in ("up", "down"):
        raise BankEditRefused(_("Move an item up or down."))
    with transaction.atomic():
        _lock_draft(version)
        items = list(version.items.order_by("order", "pk"))
        changed = [i for n, i in enumerate(items, start=1) if i.order != n]
        for n, each in enumerate(items, start=1):
            each.order = n
        same_scale = [each for each in items if each.scale_id == item.scale_id]
        index = next(n for n, each in enumerate(same_scale) if each.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(same_scale):
            a, b = same_scale[index], same_scale[other]
            a.order, b.order = b.order, a.order
            changed = {*changed, a, b}
        if changed:
            Item.objects.bulk_update(list(changed), ["order"])


def add_pair(version, *, item_a_id, item_b_id, relation):
    """Join two items of the version as twins, or raise ValidationError naming every
    problem (a dict by field) and add nothing."""
    errors = {}
    items = {str(i.pk): i for i in version.items.select_related("scale")
             .filter(pk__in=[x for x in (item_a_id, item_b_id) if str(x).isdigit()])}
    a, b = items.get(str(item_a_id)), items.get(str(item_b_id))
    if a is None:
        errors["item_a"] = [_("Choose an item of this version.")]
    if b is None:
        errors["item_b"] = [_("Choose an item of this version.")]
    if relation not in TwinPair.Relation.values:
        errors["relation"] = [_("Choose how the two items relate.")]
    if a is not None and b is not None:
        if a.pk == b.pk:
            errors.setdefault("item_b", []).append(_("Choose two different items."))
        elif a.scale_id != b.scale_id:
            errors.setdefault("item_b", []).append(
                _("Twins belong to the same scale; %(a)s is in %(sa)s and %(b)s in %(sb)s.")
                % {"a": a.code, "sa": a.scale.code, "b": b.code, "sb": b.scale.code})
        paired = _paired_items(version)
        for field, item in (("item_a", a), ("item_b", b)):
            if item.pk in paired:
                errors.setdefault(field, []).append(
                    _("%(item)s is already in a twin pair; remove that pair first.")
                    % {"item": item.code})
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            _lock_draft(version)
            return TwinPair.objects.create(version=version, item_a=a, item_b=b,
                                           relation=relation)
    except IntegrityError:
        # Another tab paired one of them in the meantime.
        raise ValidationError(
            {"item_b": [_("One of these items was paired meanwhile; reload the page.")]}
        ) from None


def _paired_items(version):
    ids = set()
    for a, b in version.pairs.values_list("item_a_id", "item_b_id"):
        ids |= {a, b}
    return ids


def remove_pair(version, pair_id):
    with transaction.atomic():
        _lock_draft(version)
        pair = version.pairs.filter(pk=pair_id).first()
        if pair is None:
            raise BankEditRefused(_("That twin pair is already gone."), status=404)
        pair.delete()


def _lock_draft(version):
    """Hold the version's row for the edit and refuse it if it stopped being a draft
    since the page was read (published from another tab)."""
    current = BankVersion.objects.select_for_update().get(pk=version.pk)
    if not current.is_draft:
        raise BankEditRefused(_not_a_draft(current), status=409)

