"""Small-cell suppression for figures shown to managers (pure Python and numpy).

The model: the people of a manager's units fall into *base cells* (one department's own
people in one category: not started, started, submitted and not scored, and each result
family). Every figure a page could show (a department's assigned count, its execution
count with sub-departments, a stage total...) is a sum of base cells, given as the set
of base cells it adds up. Shown figures are linear equations a reader can combine.

`suppress(base, figures, k, groups)` returns the figures to hide so that

1. no shown figure rests on fewer than k people (primary suppression: value < k, zero
   included, since "nobody in this unit is X" is itself a disclosure);
2. no hidden figure and no base cell of 1 to k-1 people can be worked out from the
   shown figures by any linear combination (complementary suppression).

Rule 2 is reached in two steps. The cheap, classic one: in every group of figures that
are tied by a sum (a row and its total, a department and its sub-departments), if
exactly one is hidden, hide the smallest shown one too, until nothing changes. Groups
alone cannot see every combination (a cycle of rows and columns can still pin a cell),
so an exact audit follows: a hidden quantity is derivable exactly when its vector lies
in the row space of the shown figures' matrix; while one does, the smallest shown
figure that the derivation uses is hidden too. Each step hides one more figure, so it
ends, at worst with everything hidden.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np

_TOLERANCE = 1e-7


def suppress(
    base: Mapping[Hashable, int],
    figures: Mapping[Hashable, Iterable[Hashable]],
    k: int,
    groups: Sequence[Sequence[Hashable]] = (),
) -> set:
    """The ids of `figures` to hide. `base` maps a base cell to its head count,
    `figures` maps a figure id to the base cells it sums, `groups` lists figures that
    are tied by a sum (used for the fast first pass; the audit covers the rest)."""
    cells = list(base)
    column = {cell: j for j, cell in enumerate(cells)}
    ids = list(figures)
    if not ids:
        return set()
    matrix = np.zeros((len(ids), len(cells)))
    for i, figure in enumerate(ids):
        for cell in figures[figure]:
            matrix[i, column[cell]] = 1.0
    counts = np.array([base[cell] for cell in cells], dtype=float)
    values = matrix @ counts if cells else np.zeros(len(ids))
    row = {figure: i for i, figure in enumerate(ids)}

    hidden = {figure for figure in ids if values[row[figure]] < k}
    _complete_groups(hidden, groups, values, row)

    # What must stay unknown: every hidden figure and every base cell of 1 to k-1
    # people (an empty base cell describes nobody: a division whose staff all sit in
    # its sub-departments may show that it has no one of its own).
    small_cells = [j for j, count in enumerate(counts) if 0 < count < k]
    while True:
        shown = [i for i, figure in enumerate(ids) if figure not in hidden]
        if not shown:
            return hidden
        targets = [matrix[row[figure]] for figure in sorted(hidden, key=row.get)]
        targets += [_unit(len(cells), j) for j in small_cells]
        leak = _first_derivable(matrix[shown], targets)
        if leak is None:
            return hidden
        # The shown figures the derivation leans on; hide the smallest of them.
        weights, *_ = np.linalg.lstsq(matrix[shown].T, leak, rcond=None)
        used = [shown[i] for i in np.flatnonzero(np.abs(weights) > _TOLERANCE)] or shown
        victim = min(used, key=lambda i: (values[i], i))
        hidden.add(ids[victim])
        _complete_groups(hidden, groups, values, row)


def _complete_groups(hidden, groups, values, row):
    """Hide the next smallest member of every group with exactly one member hidden,
    until no group has exactly one."""
    changed = True
    while changed:
        changed = False
        for group in groups:
            members = [figure for figure in group if figure in row]
            out = [figure for figure in members if figure in hidden]
            if len(out) == 1 and len(members) > 1:
                rest = [figure for figure in members if figure not in hidden]
                hidden.add(min(rest, key=lambda f: (values[row[f]], row[f])))
                changed = True


def _unit(n, j):
    vector = np.zeros(n)
    vector[j] = 1.0
    return vector


def _first_derivable(shown_matrix, targets):
    """The first target vector lying in the row space of `shown_matrix`, or None."""
    if not targets:
        return None
    # An orthonormal basis of the row space, from the SVD of the shown rows.
    _, singular, vt = np.linalg.svd(shown_matrix, full_matrices=False)
    rank = int((singular > _TOLERANCE * max(1.0, singular[:1].max(initial=0.0))).sum())
    basis = vt[:rank]
    for target in targets:
        residual = target - basis.T @ (basis @ target)
        if np.abs(residual).max(initial=0.0) < 1e-6:
            return target
    return None


def is_derivable(shown_vectors: Sequence[np.ndarray], target: np.ndarray) -> bool:
    """Whether `target` is a linear combination of `shown_vectors` (for tests and audits)."""
    if not len(shown_vectors):
        return not np.any(target)
    return _first_derivable(np.array(shown_vectors, dtype=float), [target]) is not None
