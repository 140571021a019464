"""When a new version of a criterion changes its scale (1 to 5, then 0 or 1), the
evidence compares only ratings on the published version's scale: a mean over ratings
on two scales would mean nothing. A version that only rewords the definition keeps the
ratings recorded before it."""

from django.utils import timezone

from assessments.models import OutcomeRecord
from assessments.reports import evidence
from assessments.services.criteria import publish_criterion, start_criterion_draft


def _new_version(criterion, **changes):
    draft = start_criterion_draft(criterion)
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save()
    return publish_criterion(draft)


def test_a_new_scale_leaves_the_old_scales_ratings_out(evidence_world):
    world = evidence_world(n=10)
    criterion, (first, second) = world["criterion"], world["people"][:2]
    v2 = _new_version(criterion, scale_min=0, scale_max=1)
    OutcomeRecord.objects.filter(employee=first, version__number=1).update(
        date=timezone.localdate() - timezone.timedelta(days=400))
    OutcomeRecord.objects.create(employee=first, criterion=criterion, version=v2,
                                 date=timezone.localdate(), value=1, scale_min=0,
                                 scale_max=1)

    assert evidence._outcomes(criterion, v2) == {first.pk: 1.0}
    report = evidence.criterion_evidence(criterion)
    assert report["version"].pk == v2.pk and report["rated"] == 1
    assert second.pk in evidence._outcomes(criterion)   # all versions when none is given


def test_a_reworded_definition_keeps_the_ratings_before_it(evidence_world):
    world = evidence_world(n=10)
    v2 = _new_version(world["criterion"], definition={
        "en": "Rated by the line manager each year, against written goals.",
        "zh-hans": "由直属经理每年对照书面目标评定。"})
    assert len(evidence._outcomes(world["criterion"], v2)) == 10
    assert evidence.criterion_evidence(world["criterion"])["rated"] == 10
