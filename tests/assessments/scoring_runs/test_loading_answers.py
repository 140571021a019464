import numpy as np

from assessments import engine_io
from assessments.models import Answer, Assignment
from assessments.services import norms
from talent.models import Employee
from tests.factories import submitted_ids


def test_answers_land_in_administration_order_with_nan_for_missing(
    simulated_campaign, bank_version
):
    campaign = simulated_campaign(submitted=6, missing_rate=0.2, seed=3)
    bank = engine_io.bank_layout(bank_version)
    assert bank.layout.item_codes == bank_version.layout.item_codes
    ids = submitted_ids(campaign)
    matrix = engine_io.load_answers(ids, bank)
    for row, assignment_id in enumerate(ids.tolist()):
        expected = np.full(bank.layout.k, np.nan)
        for item_id, value in Answer.objects.filter(assignment_id=assignment_id).values_list(
            "item_id", "value"
        ):
            expected[list(bank.item_ids).index(item_id)] = value
        np.testing.assert_array_equal(matrix.X[row], expected)
    assert np.isnan(matrix.X).any()


def test_a_chunk_reads_only_its_own_assignments(simulated_campaign, bank_version):
    campaign = simulated_campaign(submitted=8)
    ids = submitted_ids(campaign)
    bank = engine_io.bank_layout(bank_version)
    some = engine_io.load_answers(ids[2:5], bank)
    everyone = engine_io.load_answers(ids, bank)
    assert some.X.shape == (3, 48)
    np.testing.assert_array_equal(some.X, everyone.X[2:5])
    np.testing.assert_array_equal(some.seconds, everyone.seconds[2:5])


def test_a_submission_without_answers_is_a_row_of_nan(simulated_campaign, bank_version, org):
    campaign = simulated_campaign(submitted=3)
    nobody = Employee.objects.create(employee_id="EMPTY", name="Nobody", department=org["UW"])
    empty = Assignment(campaign=campaign, employee=nobody)
    empty.submit()
    empty.save()
    ids = submitted_ids(campaign)
    matrix = engine_io.load_answers(ids, engine_io.bank_layout(bank_version))
    row = ids.tolist().index(empty.pk)
    assert np.isnan(matrix.X[row]).all() and not np.isnan(matrix.X[0]).all()
    assert matrix.timed_seconds is not None


def test_norms_of_a_large_campaign_rest_on_a_reproducible_sample(settings):
    settings.SCORING_NORM_SAMPLE = 5
    ids = np.arange(100, 120)
    sample = norms.norm_sample(ids, seed=4)
    assert len(sample) == 5 and set(sample) <= set(ids)
    np.testing.assert_array_equal(sample, norms.norm_sample(ids, seed=4))
    assert len(norms.norm_sample(ids[:5], seed=4)) == 5


def test_each_persons_stored_item_order_reaches_the_engine(simulated_campaign, bank_version,
                                                          org):
    """The order screens (segment test, sequence statistic) read the answers in the order
    the person saw the items: the order stored on the assignment, as matrix columns. A
    row without a complete order (an imported response) is -1, read in the bank's order."""
    from assessments.scoring.validity import administration_order
    from tests.assessments.conftest import submit

    campaign = simulated_campaign(submitted=0)
    bank = engine_io.bank_layout(bank_version)
    rng = np.random.default_rng(8)
    orders = []
    for i in range(4):
        order = [int(v) for v in rng.permutation(bank.item_ids)] if i < 3 else []
        employee = Employee.objects.create(employee_id=f"ORD-{i}", name=f"Order {i}",
                                           department=org["UW"])
        assignment = Assignment.objects.create(campaign=campaign, employee=employee,
                                               item_order=order)
        submit(assignment, rng.integers(1, 6, bank.layout.k).astype(float))
        orders.append(order)
    ids = submitted_ids(campaign)
    matrix = engine_io.load_answers(ids, bank, orders=True)
    assert engine_io.load_answers(ids, bank).order is None
    for row in range(3):
        assert [int(bank.item_ids[c]) for c in matrix.order[row]] == orders[row]
    assert (matrix.order[3] == -1).all()
    seen = administration_order(matrix.order, *matrix.X.shape)
    assert seen[3].tolist() == list(range(bank.layout.k))
