"""Result rows for the results CSV (format: docs/bank-format.md, "Results CSV")."""

from talent.csv_safety import escape_formula

from ..models import Result, Scale, ScoringSpec


def export_spec(campaign):
    """The spec of the campaign's latest run, else the current one (None if never stored)."""
    run = campaign.scoring_runs.select_related("spec").order_by("-created_at", "-pk").first()
    return run.spec if run is not None else ScoringSpec.objects.current_if_stored()


def export_rows(campaign, spec=None):
    """Header, then one row per result of the campaign under `spec`, read in batches so
    any campaign size streams in constant memory. Text cells are formula-safe."""
    spec = spec or export_spec(campaign)
    scales = list(
        Scale.objects.filter(version_id=campaign.bank_version_id)
        .order_by("code").values_list("code", flat=True)
    )
    header = ["employee_id"]
    for code in scales:
        header += [f"{code}_raw", f"{code}_z", f"{code}_t", f"{code}_percentile"]
    header += [
        "probability_execution", "role_family", "profile_note", "validity",
        *Result.INDICES, "flags", "spec_hash", "norm_group", "norms_provisional",
        "bank_version",
    ]
    yield header
    if spec is None:
        return
    results = (
        Result.objects.for_campaign(campaign, spec)
        .order_by("assignment__employee__employee_id")
        .values_list(
            "assignment__employee__employee_id", "scores", "probability_execution",
            "role_family", "profile_note", "validity", "indices", "flags", "spec__hash",
            "norm_group__name", "norm_group__number", "norm_group__provisional",
            "bank_version__bank__code", "bank_version__number",
        )
    )
    for (employee_id, scores, probability, family, note, validity, indices, flags, spec_hash,
         norm_name, norm_number, provisional, bank, bank_number) in results.iterator(2000):
        row = [employee_id]
        for code in scales:
            scale = scores.get(code, {})
            row += [_number(scale.get(k)) for k in ("raw", "z", "t", "percentile")]
        row += [_number(probability), family, note, validity]
        row += [_number(indices.get(name)) for name in Result.INDICES]
        row += [";".join(flags), spec_hash, f"{norm_name} v{norm_number}",
                "yes" if provisional else "no", f"{bank} v{bank_number}"]
        yield [escape_formula(cell) for cell in row]


def _number(x):
    if x is None:
        return ""
    return round(x, 6) if isinstance(x, float) else x
