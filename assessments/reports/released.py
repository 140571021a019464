"""Released results as other systems read them (the API): the family the person was
shown, the probability, validity in words, T and its band per scale, and the versions
the result was computed with. Never answers, never a result not yet released."""

from ..models import Result, Scale


def released_results(*, campaign=None):
    """Released results, oldest first by id (a stable order for cursor pagination)."""
    results = Result.objects.released().select_related(
        "assignment__employee", "assignment__campaign", "spec", "norm_group",
        "bank_version__bank",
    ).order_by("pk")
    if campaign is not None:
        results = results.filter(assignment__campaign=campaign)
    return results


def scale_names(bank_version_ids, language):
    """{bank version id: {scale code: name in `language`}}: one query for a page."""
    names = {}
    for scale in Scale.objects.filter(version_id__in=set(bank_version_ids)):
        names.setdefault(scale.version_id, {})[scale.code] = scale.name_in(language)
    return names


def result_document(result, names):
    """One released result as the API shows it; `names` from scale_names()."""
    invalid = result.validity == Result.Validity.INVALID
    scales = []
    if not invalid:
        for code, score in sorted((result.scores or {}).items()):
            scales.append({
                "code": code,
                "name": names.get(result.bank_version_id, {}).get(code, code),
                "t": _round(score.get("t")),
                "band_low": _round(score.get("band_low")),
                "band_high": _round(score.get("band_high")),
                "scorable": bool(score.get("scorable", score.get("t") is not None)),
            })
    family = result.released_family or Result.RoleFamily.UNDETERMINED
    version, group, spec = result.bank_version, result.norm_group, result.spec
    return {
        "id": result.pk,
        "employee_id": result.assignment.employee.employee_id,
        "campaign": result.assignment.campaign_id,
        "family": family,
        "family_label": str(Result.RoleFamily(family).label),
        "probability_execution": None if invalid else _round(result.probability_execution, 4),
        "validity": result.validity,
        "validity_label": str(Result.Validity(result.validity).label),
        "validity_notes": [str(Result.FLAG_LABELS.get(flag, flag)) for flag in result.flags],
        "scales": scales,
        "bank_version": {"bank": version.bank.code, "number": version.number},
        "norm_group": {"name": group.name, "number": group.number, "n": group.n,
                       "provisional": group.provisional},
        "spec": {"version": spec.version, "hash": spec.hash},
        "computed_at": result.computed_at,
    }


def _round(x, digits=2):
    return None if x is None else round(float(x), digits)
