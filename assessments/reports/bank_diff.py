"""What a draft changes against the version it was copied from (read-only).

Items and scales are matched by code, twin pairs by their two item codes, because a
draft's rows are copies with new primary keys (services/banks.start_draft_from).
"""

from ..models.banks import REQUIRED_LANGUAGES, language_name


def bank_diff(old, new, language="en"):
    """Every change from version `old` to version `new`, as plain data for a page:
    items added and removed, reworded (one entry per item and language), re-keyed, with
    new answer labels, moved
    between scales; scales added and removed; twin pairs added and removed (a pair whose
    relation changed is removed and added). Texts are shown in `language`."""
    old_items = {i.code: i for i in old.items.select_related("scale").order_by("order", "pk")}
    new_items = {i.code: i for i in new.items.select_related("scale").order_by("order", "pk")}
    old_scales = set(old.scales.values_list("code", flat=True))
    new_scales = set(new.scales.values_list("code", flat=True))
    kept = [code for code in new_items if code in old_items]

    def shown(item):
        return {"code": item.code, "scale": item.scale.code, "text": item.text_in(language),
                "reverse": item.reverse}

    reworded = []
    for code in kept:
        before, after = _texts(old_items[code]), _texts(new_items[code])
        for lang in _languages(before, after):
            was, now = before.get(lang) or "", after.get(lang) or ""
            if was != now:
                reworded.append({"code": code, "language": lang,
                                 "language_name": language_name(lang),
                                 "before": was, "after": now})
    return {
        "old": old,
        "new": new,
        "added": [shown(new_items[c]) for c in new_items if c not in old_items],
        "removed": [shown(old_items[c]) for c in old_items if c not in new_items],
        "reworded": reworded,
        "rekeyed": [{**shown(new_items[c]), "was_reverse": old_items[c].reverse}
                    for c in kept if old_items[c].reverse != new_items[c].reverse],
        "relabelled": [{**shown(new_items[c]),
                        "was": _labels(old_items[c], language),
                        "now": _labels(new_items[c], language)}
                       for c in kept if _anchors(old_items[c]) != _anchors(new_items[c])],
        "moved": [{**shown(new_items[c]), "was_scale": old_items[c].scale.code}
                  for c in kept if old_items[c].scale.code != new_items[c].scale.code],
        "scales_added": sorted(new_scales - old_scales),
        "scales_removed": sorted(old_scales - new_scales),
        **_pair_changes(old, new, language),
    }


def _anchors(item):
    return item.anchors if isinstance(item.anchors, dict) else {}


def _labels(item, language):
    """An item's answer labels in `language` (else English) joined for a line of text."""
    anchors = _anchors(item)
    return " · ".join(anchors.get(language) or anchors.get("en") or [])


def _texts(item):
    return item.text if isinstance(item.text, dict) else {}


def _languages(before, after):
    extra = sorted((before.keys() | after.keys()) - set(REQUIRED_LANGUAGES))
    return [*REQUIRED_LANGUAGES, *extra]


def _pairs(version, language):
    return {
        (pair.item_a.code, pair.item_b.code, pair.relation): {
            "a": pair.item_a.code, "a_text": pair.item_a.text_in(language),
            "b": pair.item_b.code, "b_text": pair.item_b.text_in(language),
            "relation": pair.relation, "relation_label": pair.get_relation_display(),
        }
        for pair in version.pairs.select_related("item_a", "item_b").order_by("pk")
    }


def _pair_changes(old, new, language):
    before, after = _pairs(old, language), _pairs(new, language)
    return {
        "pairs_added": [after[key] for key in after if key not in before],
        "pairs_removed": [before[key] for key in before if key not in after],
    }


def has_changes(diff):
    return any(diff[key] for key in ("added", "removed", "reworded", "rekeyed", "relabelled",
                                     "moved",
                                     "scales_added", "scales_removed", "pairs_added",
                                     "pairs_removed"))
