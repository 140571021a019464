"""Small-cell suppression, over random organisation trees, head counts and filter
combinations: no shown figure rests on fewer than k people, and nothing hidden can be
worked out from what is shown (checked by an independent rank test)."""

from types import SimpleNamespace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.reports import dashboards
from assessments.reports.suppression import suppress

K = 5


@st.composite
def organisations(draw):
    """(tree, own counts, extra filter figures) for 1 to 6 departments."""
    n = draw(st.integers(1, 6))
    parents = [None] + [draw(st.one_of(st.none(), st.integers(0, i - 1))) for i in range(1, n)]
    rows = [SimpleNamespace(pk=i + 1, code=f"D{i}", name=f"D{i}",
                            parent_id=None if p is None else p + 1)
            for i, p in enumerate(parents)]
    counts = st.integers(0, 12) | st.sampled_from([0, 1, 2, 4, 5, 6])
    own = {row.pk: {c: draw(counts) for c in dashboards.CATEGORIES} for row in rows}
    # Filters a page could combine: some departments x some categories, summed.
    extra = draw(st.lists(st.tuples(
        st.sets(st.sampled_from([row.pk for row in rows]), min_size=1),
        st.sets(st.sampled_from(dashboards.CATEGORIES), min_size=1)), max_size=4))
    return dashboards.build_tree(rows), own, extra


def _problem(tree, own, extra):
    ids = list(tree.departments)
    base, figures, groups = dashboards.suppression_problem(own, tree, ids)
    for i, (departments, categories) in enumerate(extra):
        figures[("filter", i)] = [(d, c) for d in departments for c in categories]
    return base, figures, groups


def _vectors(base, figures):
    cells = list(base)
    column = {cell: j for j, cell in enumerate(cells)}
    vectors = {}
    for figure, members in figures.items():
        v = np.zeros(len(cells))
        for cell in members:
            v[column[cell]] = 1
        vectors[figure] = v
    return cells, vectors


def _derivable(shown, target):
    # Independent of the module's SVD projection: a target is a combination of the shown
    # rows exactly when adding it does not raise the rank.
    if not shown:
        return not target.any()
    m = np.array(shown)
    return np.linalg.matrix_rank(np.vstack([m, target])) == np.linalg.matrix_rank(m)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_no_shown_figure_rests_on_fewer_than_k_people(case):
    base, figures, groups = _problem(*case)
    hidden = suppress(base, figures, K, groups)
    for figure, members in figures.items():
        if figure not in hidden:
            assert sum(base[cell] for cell in members) >= K


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_no_hidden_figure_or_small_cell_can_be_worked_out(case):
    base, figures, groups = _problem(*case)
    hidden = suppress(base, figures, K, groups)
    cells, vectors = _vectors(base, figures)
    shown = [vectors[f] for f in figures if f not in hidden]
    for figure in hidden:
        assert not _derivable(shown, vectors[figure]), figure
    for j, cell in enumerate(cells):
        if 0 < base[cell] < K:
            assert not _derivable(shown, np.eye(len(cells))[j]), cell


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_no_row_column_or_total_has_exactly_one_figure_hidden(case):
    base, figures, groups = _problem(*case)
    hidden = suppress(base, figures, K, groups)
    for group in groups:
        assert sum(figure in hidden for figure in group) != 1, group


def test_figures_on_k_people_or_more_are_all_shown_when_nothing_is_small():
    tree = dashboards.build_tree([SimpleNamespace(pk=1, code="A", name="A", parent_id=None)])
    own = {1: dict.fromkeys(dashboards.CATEGORIES, 7)}
    base, figures, groups = dashboards.suppression_problem(own, tree, [1])
    assert suppress(base, figures, K, groups) == set()
