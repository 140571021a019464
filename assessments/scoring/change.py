"""What would change the call: how far one score would have to move for the family to change.

The family is a step function of the probability (classify.role_family), and the
probability a smooth function of the two z-scores. For a person's scores we move one
score at a time, up or down, and both at once in opposite directions, and find the
smallest shift at which the family is no longer the one given. One score at a time is
what a person can picture ("if my execution score were 4 points lower"); the joint move
(each score by the same amount, apart or together) is the shorter way the call changes.

The probability is monotone in each score in the plain model, but with the norm group's
own uncertainty (classify.probability_with_norm_error) it can level off below a cut-off
far from the mean, so the search does not assume monotonicity: it scans a grid for the
first change and then bisects inside the step that holds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .classify import role_family

# Axis 0 is the execution score, axis 1 the compression score (z units).
AXES = (0, 1)
DIRECTIONS = (1, -1)


@dataclass(frozen=True)
class Shift:
    axis: int          # 0 execution, 1 compression; -1 for a joint move
    direction: int     # +1 up, -1 down (for a joint move: of the execution score)
    z: float           # smallest shift of each moved score (z units, > 0) that changes it
    family: str        # the family it changes to

    @property
    def vector(self) -> tuple[int, int]:
        if self.axis == -1:
            return self.direction, -self.direction
        return (self.direction, 0) if self.axis == 0 else (0, self.direction)

    @property
    def t(self) -> float:
        """The same shift in T points (10 T points per z unit)."""
        return 10.0 * self.z


def first_change(prob_of: Callable, z_e: float, z_c: float, axis: int, direction: int,
                 p_execution: float, p_compression: float, *, max_shift: float = 4.0,
                 step: float = 0.01, tol: float = 1e-6) -> Shift | None:
    """The smallest shift of score `axis` in `direction` (within `max_shift` z units)
    that changes the family; None if no shift that large changes it. `axis` -1 moves
    both scores by the shift, execution in `direction` and compression the other way.

    `prob_of(z_e, z_c)` takes arrays and returns P(execution) for each pair.
    """
    step_e, step_c = Shift(axis, direction, 0.0, "").vector

    def family_at(shifts):
        ze = float(z_e) + step_e * shifts
        zc = float(z_c) + step_c * shifts
        return role_family(np.asarray(prob_of(ze, zc), dtype=float), p_execution, p_compression)

    now = family_at(np.zeros(1))[0]
    grid = np.arange(0.0, max_shift + step / 2, step)
    families = family_at(grid)
    changed = np.flatnonzero(families != now)
    if changed.size == 0:
        return None
    hi = grid[changed[0]]
    lo = grid[changed[0] - 1]
    target = families[changed[0]]
    while hi - lo > tol:
        mid = (lo + hi) / 2
        if family_at(np.array([mid]))[0] == now:
            lo = mid
        else:
            hi = mid
            target = family_at(np.array([mid]))[0]
    return Shift(axis=axis, direction=direction, z=float(hi), family=str(target))


def what_would_change(prob_of: Callable, z_e: float, z_c: float, p_execution: float,
                      p_compression: float, *, max_shift: float = 4.0,
                      joint: bool = False) -> list[Shift]:
    """Every one-score move (each score, up and down) that changes the family within
    `max_shift` z units, smallest first; with `joint`, then the moves of both scores at
    once in opposite directions, smallest first."""
    def found(moves):
        shifts = [first_change(prob_of, z_e, z_c, axis, direction, p_execution,
                               p_compression, max_shift=max_shift) for axis, direction in moves]
        return sorted((s for s in shifts if s is not None), key=lambda s: s.z)

    single = found([(axis, direction) for axis in AXES for direction in DIRECTIONS])
    return single + (found([(-1, 1), (-1, -1)]) if joint else [])
