"""Two functions per unit: a unit (with its sub-departments) needs someone confidently in
precise execution in an operations position and someone confidently in high compression
in a capital-allocation position, or a pair of heads covering both; units lacking either
are listed, leads first; units below HR's target mix are listed too."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from assessments.models import Result
from talent.models import Department, DepartmentTarget, Position


@pytest.fixture
def page(hr, client_for):
    client = client_for(hr)
    return lambda: client.get(reverse("assessments:two_functions"))


def lacking(response):
    return [u.department.code for u in response.context["units"]]


def confident_executor(make_result, position, **kw):
    return make_result("Exec", position=position, exe_t=65.0, cmp_t=40.0, se=3.0,
                       family="execution", **kw)


def confident_compressor(make_result, position, **kw):
    return make_result("Comp", position=position, exe_t=40.0, cmp_t=65.0, se=3.0,
                       family="compression", p=0.05, **kw)


def test_units_lacking_a_function_are_listed_leads_first(page, make_result, positions, org):
    confident_executor(make_result, positions["analyst"], department=org["UW"])
    confident_compressor(make_result, positions["allocator"], department=org["INV"])
    response = page()
    # Head office is covered through its two sub-departments; each of those lacks one.
    assert lacking(response) == ["INV", "UW"]
    units = {u.department.code: u for u in response.context["units"]}
    assert units["UW"].lacks_compression and not units["UW"].lacks_execution
    assert units["INV"].lacks_execution and not units["INV"].lacks_compression


def test_an_unconfident_score_does_not_count(page, make_result, positions, org):
    # T 56 with SE 5: P(T >= 55) is about .58, below the .8 asked for.
    make_result("Maybe", position=positions["analyst"], exe_t=56.0, se=5.0)
    confident_compressor(make_result, positions["allocator"], department=org["INV"])
    assert "HQ" in lacking(page())


def test_only_released_results_count_with_their_released_family(page, make_result, positions,
                                                               org):
    confident_executor(make_result, positions["analyst"], state=Result.ReviewState.PENDING)
    # Scored execution, released as compression after review; its compression score is
    # high, so it counts as compression.
    make_result("Overridden", position=positions["allocator"], department=org["INV"],
                exe_t=50.0, cmp_t=66.0, family="execution", released="compression")
    units = {u.department.code: u for u in page().context["units"]}
    assert units["UW"].execution == 0 and units["INV"].compression == 1


def test_a_position_for_both_counts_for_either(page, make_result, org):
    both = Position.objects.create(code="BOTH", title="Both", department=org["UW"],
                                   function=Position.Function.BOTH)
    confident_executor(make_result, both)
    confident_compressor(make_result, both)
    assert "UW" not in lacking(page())


def test_a_pair_of_heads_covers_a_unit(page, make_result, org, positions):
    desk = Department.objects.create(code="UW-D", name="Desk", parent=org["UW"])
    # The heads hold no position of the matching function: only the pair rule covers.
    head = confident_executor(make_result, None).assignment.employee
    desk_head = confident_compressor(make_result, None, department=desk).assignment.employee
    org["UW"].head = head
    org["UW"].save()
    desk.head = desk_head
    desk.save()
    codes = lacking(page())
    assert "UW" not in codes
    assert "UW-D" in codes and "HQ" in codes


def test_a_unit_below_its_target_mix_is_listed(page, make_result, positions, org):
    confident_executor(make_result, positions["analyst"])
    DepartmentTarget.objects.create(department=org["UW"], min_execution=2, min_compression=0)
    DepartmentTarget.objects.create(department=org["HQ"], min_execution=1, min_compression=0)
    below = [u.department.code for u in page().context["below_target"]]
    assert below == ["UW"]


def test_a_target_asking_for_nobody_is_refused_by_the_database(org):
    with pytest.raises(IntegrityError):
        DepartmentTarget.objects.create(department=org["UW"], min_execution=0,
                                        min_compression=0)


def test_every_unit_covered_gives_an_empty_state(page, make_result, org):
    both = Position.objects.create(code="BOTH", title="Both", department=org["HQ"],
                                   function=Position.Function.BOTH)
    for department in (org["UW"], org["INV"], org["HQ"]):
        confident_executor(make_result, both, department=department)
        confident_compressor(make_result, both, department=department)
    response = page()
    assert "Every unit has both functions." in response.content.decode()


def test_the_page_follows_changes_after_it_was_read(page, make_result, positions, org):
    confident_executor(make_result, positions["analyst"])
    comp = confident_compressor(make_result, None, department=org["INV"])
    assert "HQ" in lacking(page())
    # The compressor takes up a capital-allocation position: HQ is now covered.
    employee = comp.assignment.employee
    employee.position = positions["allocator"]
    employee.save()
    assert "HQ" not in lacking(page())
    # The position's function changes: covered no longer.
    positions["allocator"].function = Position.Function.OPERATIONS
    positions["allocator"].save()
    assert "HQ" in lacking(page())
