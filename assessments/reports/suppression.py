"""Small-cell suppression for the figures shown to managers (pure Python and numpy).

The model. The people of a manager's units fall into *categories* (not started, in
progress, submitted and not scored, and each result family: every person is in exactly
one) and departments. A figure is a department's count, sub-departments included, over a
set of categories: "assigned" is all of them, "started" all but not started, "execution"
just one. Let R[d, S] be department d's rolled-up count over the category set S.

`suppress_tree(own, tree, ids, figures, k, groups)` returns the figures to hide so that

1. no shown figure rests on fewer than k people (primary suppression; zero included,
   since "nobody in this unit is X" is itself a disclosure);
2. no hidden figure can be worked out from the shown ones, and neither can any group of
   1 to k-1 people (complementary suppression), whatever linear combination a reader
   tries: differences of stages, a department minus its sub-departments, and so on.

Why it is exact and fast. Every figure involves one department's rolled-up counts only,
so the shown figures split into one small block per department (at most 2^8 category
sets). A category set S is *known* at d when S's indicator lies in the row space of d's
shown figures. What a reader can derive about S is then exactly the unions of *regions*:
a department where S is known, minus the nearest departments below it where S is known
too. A group of 1 to k-1 people is derivable exactly when some region holds 1 to k-1
people, and a hidden figure exactly when its set is known at its department.

First the classic cheap pass: in every group of figures tied by a sum (a row and its
total, a department and its sub-departments when it has no one of its own), if exactly
one is hidden, the next smallest is hidden too, until nothing changes. Then the audit;
for each leak the smallest shown figure of that department the derivation uses is
hidden, and both run again. Each round hides at least one more figure, so it ends (at
worst with everything hidden).
"""

from collections.abc import Hashable, Mapping, Sequence

import numpy as np

_TOLERANCE = 1e-8


def suppress_tree(own: Mapping, tree, ids: Sequence, figures: Mapping[str, Sequence],
                  categories: Sequence[str], k: int,
                  groups: Sequence[Sequence[Hashable]] = (), also_hide=()) -> set:
    """The (department id, figure name) pairs to hide.

    own: {department id: {category: people placed in it directly}}; tree: with
    `children` (dashboards.Tree); ids: the departments shown, parents before children;
    figures: {name: its categories}; groups: lists of (department id, name) tied by a sum;
    also_hide: figures hidden for another reason (the caller's), protected like the rest.
    """
    ids = list(ids)
    if not ids:
        return set()
    index = {pk: i for i, pk in enumerate(ids)}
    n_cat = len(categories)
    cat_index = {c: j for j, c in enumerate(categories)}
    # All non-empty category sets as 0/1 rows; a figure's set is one of them.
    masks = np.array([[(m >> j) & 1 for j in range(n_cat)] for m in range(1, 2 ** n_cat)],
                     dtype=float)
    figure_mask = {name: sum(1 << cat_index[c] for c in cats) - 1
                   for name, cats in figures.items()}
    own_matrix = np.array([[own.get(pk, {}).get(c, 0) for c in categories] for pk in ids],
                          dtype=float)
    parent = np.full(len(ids), -1)
    for pk in ids:
        for child in tree.children.get(pk, ()):
            if child in index:
                parent[index[child]] = index[pk]
    rolled = own_matrix.copy()
    for i in reversed(range(len(ids))):  # children come after their parents
        if parent[i] >= 0:
            rolled[parent[i]] += rolled[i]
    values = rolled @ masks.T  # department x category set
    names = list(figures)

    def value(figure):
        pk, name = figure
        return values[index[pk], figure_mask[name]]

    hidden = {(pk, name) for pk in ids for name in names if value((pk, name)) < k}
    hidden |= {(pk, name) for pk, name in also_hide if pk in index and name in figures}
    known = np.zeros_like(values, dtype=bool)
    stale = set(range(len(ids)))
    while True:
        before = set(hidden)
        _complete_groups(hidden, groups, value)
        # A group completed may hide figures of units the audit did not touch: what is
        # known there must be worked out again too, or a unit with every figure hidden
        # could still count as leaking.
        stale |= {index[pk] for pk, _ in hidden - before if pk in index}
        for i in stale:
            rows = [masks[figure_mask[name]] for name in names if (ids[i], name) not in hidden]
            known[i] = _in_row_space(np.array(rows), masks) if rows else False
        stale = set()
        leaks = {}
        for pk, name in hidden:
            i = index[pk]
            if known[i, figure_mask[name]]:
                leaks.setdefault(i, figure_mask[name])
        for i, s in _small_regions(known, values, parent, k):
            leaks.setdefault(i, s)
        if not leaks:
            return hidden
        for i, s in leaks.items():
            shown = [name for name in names if (ids[i], name) not in hidden]
            rows = np.array([masks[figure_mask[name]] for name in shown])
            weights, *_ = np.linalg.lstsq(rows.T, masks[s], rcond=None)
            used = [shown[j] for j in np.flatnonzero(np.abs(weights) > 1e-6)] or shown
            victim = min(used, key=lambda name: (value((ids[i], name)), names.index(name)))
            hidden.add((ids[i], victim))
            stale.add(i)


def _in_row_space(rows, targets):
    """For each target row, whether it is a combination of `rows`."""
    _, singular, vt = np.linalg.svd(rows, full_matrices=False)
    rank = int((singular > _TOLERANCE * max(1.0, singular.max(initial=0.0))).sum())
    basis = vt[:rank]
    residual = targets - (targets @ basis.T) @ basis
    return np.abs(residual).max(axis=1) < 1e-6


def _small_regions(known, values, parent, k):
    """(department, category set) of every derivable region of 1 to k-1 people."""
    n, m = known.shape
    nearest = np.full((n, m), -1)
    for i in range(n):  # parents first: the nearest known ancestor of each department
        p = parent[i]
        if p >= 0:
            nearest[i] = np.where(known[p], p, nearest[p])
    region = np.where(known, values, 0.0)
    inner = known & (nearest >= 0)
    rows, cols = np.nonzero(inner)
    np.subtract.at(region, (nearest[rows, cols], cols), values[rows, cols])
    small = known & (region > 0.5) & (region < k)
    return list(zip(*np.nonzero(small), strict=True))


def _complete_groups(hidden, groups, value):
    """Hide the next smallest member of every group with exactly one member hidden,
    until no group has exactly one."""
    changed = True
    while changed:
        changed = False
        for group in groups:
            out = [figure for figure in group if figure in hidden]
            if len(out) == 1 and len(group) > 1:
                rest = [figure for figure in group if figure not in hidden]
                hidden.add(min(rest, key=lambda f: (value(f), str(f))))
                changed = True
