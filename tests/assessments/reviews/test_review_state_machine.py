"""Review and contest as a state machine (Hypothesis): confirm, override and withhold
(with stale rounds and bad input), the person's contest, and re-scoring that does or
does not change the family, in any order. After every step: only a released or
contested result shows a family, the history only grows, the round only grows, and the
state is what the rules say."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from assessments.models import Contest, Result, ReviewDecision
from assessments.services import reviews

from .conftest import contest

DECIDABLE = reviews.DECIDABLE


def test_review_follows_its_rules_in_any_order(scored, score_now, hr, second_hr):
    # A valid result (so it may be overridden); with a dozen people the norms are
    # provisional and the engine names no family, so the scored family is "".
    start = next(r for r in scored(12) if r.validity == "valid")
    campaign = start.assignment.campaign
    scored_family = start.role_family
    earlier_family = "compression" if scored_family == "execution" else "execution"

    class Review(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            # Each example runs in a savepoint, rolled back at teardown: every example
            # starts from the same pending result.
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.state, self.round, self.released = "pending", 0, ""
            self.family = start.role_family
            self.decisions = 0
            self.contested = False
            self.contest_open = False  # contested and not answered by a decision yet

        def _reviewer(self):
            # The contest is decided by someone other than the contested decision's reviewer.
            return second_hr if self.contest_open else hr

        def teardown(self):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

        def _seen(self, stale):
            return self.round - 1 if stale and self.round else self.round + (1 if stale else 0)

        @rule(stale=st.booleans())
        def confirm(self, stale):
            ok = not stale and self.state in DECIDABLE["confirm"]
            reason = "We read it again and keep it." if self.contest_open else ""
            self._expect(lambda: reviews.confirm(start.pk, self._reviewer(), self._seen(stale),
                                                 reason), ok)
            if ok:
                self._decided("released", self.family)

        @rule(family=st.sampled_from(["execution", "compression", "undetermined", "gifted"]),
              reason=st.sampled_from(["", "  ", "We read the answers again."]),
              stale=st.booleans())
        def override(self, family, reason, stale):
            bad = (not reason.strip() or family == "gifted" or family == self.family)
            ok = not bad and not stale and self.state in DECIDABLE["override"]
            self._expect(lambda: reviews.override(start.pk, self._reviewer(), family, reason,
                                                  self._seen(stale)), ok, refused=bad)
            if ok:
                self._decided("released", family)

        @rule(reason=st.sampled_from(["", "A retake is due."]), stale=st.booleans())
        def withhold(self, reason, stale):
            bad = not reason
            ok = not bad and not stale and self.state in DECIDABLE["withhold"]
            self._expect(lambda: reviews.withhold(start.pk, self._reviewer(), reason,
                                                          self._seen(stale)),
                         ok, refused=bad)
            if ok:
                self._decided("withheld", "")

        @rule()
        def contest(self):
            made = contest(Result.objects.get(pk=start.pk))
            if self.state == "released" and not self.contested:
                assert made is not None
                self.state, self.round, self.contested = "contested", self.round + 1, True
                self.contest_open = True
            else:
                assert made is None

        @rule(change=st.booleans())
        def rescore(self, change):
            if change:
                # The stored result says the other family; the re-score writes the real one.
                Result.objects.filter(pk=start.pk).update(role_family=earlier_family)
            score_now(campaign)
            self.family = scored_family
            if change:
                self.round += 1
                if self.state != "pending":
                    self.state, self.released, self.decisions = "pending", "", self.decisions + 1

        def _expect(self, call, ok, refused=False):
            if ok:
                call()
            else:
                with pytest.raises(ValidationError if refused else reviews.AlreadyDecided):
                    call()

        def _decided(self, state, released):
            self.state, self.released, self.contest_open = state, released, False
            self.round += 1
            self.decisions += 1

        @invariant()
        def the_result_is_what_the_rules_say(self):
            result = Result.objects.get(pk=start.pk)
            assert (result.review_state, result.review_round, result.released_family) == (
                self.state, self.round, self.released)
            if result.review_state not in ("released", "contested"):
                assert result.released_family == ""
            assert ReviewDecision.objects.filter(result_id=start.pk).count() == self.decisions
            assert Contest.objects.filter(result_id=start.pk).exists() == self.contested

    run_state_machine_as_test(Review, settings=settings(
        max_examples=20, stateful_step_count=8, deadline=None,
        suppress_health_check=list(HealthCheck)))
