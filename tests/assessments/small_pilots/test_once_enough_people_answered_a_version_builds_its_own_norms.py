from assessments.models import NormGroup, Result

from .conftest import MINIMUM


def test_the_version_stops_borrowing_once_it_has_enough_people_and_results_are_settled(
    simulated_campaign, score_now, lenient, new_version, pilot
):
    base = score_now(simulated_campaign("Base", submitted=30), spec=lenient)
    v2 = new_version()
    first = score_now(pilot(v2), spec=lenient)
    assert first.norm_group_id == base.norm_group_id

    later = score_now(pilot(v2, n=MINIMUM + 10, name="Everyone", seed=8), spec=lenient)
    own = later.norm_group
    assert own.bank_version_id == v2.pk and not own.provisional
    assert own.sample_size == MINIMUM + 11  # the pilot and everyone since
    results = Result.objects.filter(run=later)
    assert results.count() == MINIMUM + 10
    assert results.exclude(validity="invalid").filter(probability_execution__isnull=False)

    # Scoring the pilot again puts it on the version's own norms too.
    again = score_now(first.campaign, spec=lenient)
    assert again.norm_group_id == own.pk
    assert NormGroup.objects.filter(bank_version=v2).count() == 1


def test_a_provisional_group_of_its_own_is_rebuilt_the_moment_the_version_reaches_the_minimum(
    score_now, lenient, new_version, pilot
):
    # Nothing to borrow (version 1 was never answered): version 2 starts on its own.
    v2 = new_version()
    small = score_now(pilot(v2, n=MINIMUM - 2, name="Small"), spec=lenient)
    assert small.norm_group.provisional and small.norm_group.bank_version_id == v2.pk
    # Two more people reach the minimum: fewer than the usual growth before a rebuild.
    enough = score_now(pilot(v2, n=2, name="Two more", seed=9), spec=lenient)
    assert enough.norm_group.sample_size == MINIMUM
    assert enough.norm_group_id != small.norm_group_id
