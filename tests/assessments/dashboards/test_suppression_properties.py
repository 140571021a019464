"""Small-cell suppression, over random organisation trees, head counts and filter
combinations (any set of categories a department's figure could be filtered to): no
shown figure rests on fewer than k people, and nothing hidden, nor any group of 1 to
k-1 people, can be worked out from what is shown. Derivability is checked by an
independent test: a rank computation over the people's own cells."""

import itertools
from types import SimpleNamespace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.reports import dashboards

K = 5
CATS = dashboards.CATEGORIES
EXAMPLES = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def organisations(draw):
    """(tree, department ids parents first, own counts, figures) for 1 to 5 departments."""
    n = draw(st.integers(1, 5))
    parents = [None] + [draw(st.one_of(st.none(), st.integers(0, i - 1))) for i in range(1, n)]
    rows = [SimpleNamespace(pk=i + 1, code=f"D{i}", name=f"D{i}",
                            parent_id=None if p is None else p + 1)
            for i, p in enumerate(parents)]
    counts = st.integers(0, 12) | st.sampled_from([0, 1, 2, 4, 5, 6])
    own = {row.pk: {c: draw(counts) for c in CATS} for row in rows}
    filters = draw(st.lists(st.sets(st.sampled_from(CATS), min_size=1), max_size=3))
    figures = dict(dashboards.FIGURE_CATEGORIES)
    for i, categories in enumerate(filters):
        figures[f"filter-{i}"] = tuple(sorted(categories, key=CATS.index))
    tree = dashboards.build_tree(rows)
    ids = [d.pk for d, _ in tree.ordered(set(tree.departments))]
    return tree, ids, own, figures


def _solve(case):
    tree, ids, own, figures = case
    return dashboards.hidden_figures(own, tree, ids, K, figures)


def _cells(ids):
    return {(pk, c): j for j, (pk, c) in enumerate(itertools.product(ids, CATS))}


def _vector(cells, departments, categories):
    v = np.zeros(len(cells))
    for pk in departments:
        for c in categories:
            v[cells[(pk, c)]] = 1
    return v


def _derivable(shown, target):
    if not shown:
        return False
    m = np.array(shown)
    return np.linalg.matrix_rank(np.vstack([m, target])) == np.linalg.matrix_rank(m)


def _people(own, departments, categories):
    return sum(own[pk][c] for pk in departments for c in categories)


@EXAMPLES
@given(organisations())
def test_no_shown_figure_rests_on_fewer_than_k_people(case):
    tree, ids, own, figures = case
    hidden = _solve(case)
    for pk in ids:
        for name, categories in figures.items():
            if (pk, name) not in hidden:
                assert _people(own, tree.subtree([pk]), categories) >= K


@EXAMPLES
@given(organisations())
def test_nothing_hidden_and_no_small_group_can_be_worked_out(case):
    tree, ids, own, figures = case
    hidden = _solve(case)
    cells = _cells(ids)
    shown = [_vector(cells, tree.subtree([pk]), cats)
             for pk in ids for name, cats in figures.items() if (pk, name) not in hidden]
    for pk, name in hidden:
        assert not _derivable(shown, _vector(cells, tree.subtree([pk]), figures[name]))
    # Every department (with and without its sub-departments) over every category set.
    for pk in ids:
        for size in range(1, len(CATS) + 1):
            for categories in itertools.combinations(CATS, size):
                for departments in (tree.subtree([pk]), {pk}):
                    if 0 < _people(own, departments, categories) < K:
                        target = _vector(cells, departments, categories)
                        assert not _derivable(shown, target), (departments, categories)


@EXAMPLES
@given(organisations())
def test_no_row_column_or_total_has_exactly_one_figure_hidden(case):
    tree, ids, own, figures = case
    hidden = _solve(case)
    for group in dashboards.sum_groups(own, tree, ids, figures):
        assert sum(figure in hidden for figure in group) != 1, group


def test_a_unit_where_every_figure_rests_on_k_people_shows_them_all():
    tree = dashboards.build_tree([SimpleNamespace(pk=1, code="A", name="A", parent_id=None)])
    own = {1: dict.fromkeys(CATS, 7)}
    assert dashboards.hidden_figures(own, tree, [1], K) == set()
