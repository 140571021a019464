"""An employee answering their assignment: the notice, the item order, each answer as it is
chosen, and the one submission.

Every write here is conditional, so that two tabs, double clicks and retried requests
cannot undo each other (docs/architecture.md, "concurrency between two writers"):

- each save carries a sequence number from one per-assignment counter; an answer is
  written only when its sequence is above the one of the save that wrote it last, so a
  stale or replayed save never overwrites a newer answer. The assignment keeps the
  highest number accepted, for the next page to continue from;
- the save first updates the assignment row with a condition (not submitted, campaign
  open): on PostgreSQL that row stays locked until the save commits, which serialises it
  with other saves and with the submission of the same assignment;
- submission is one conditional UPDATE in_progress -> submitted: a second one finds
  nothing to change and reports the same outcome.

Nothing is written when a check fails; the failure is raised as an `AnsweringRefused`
subclass the views turn into a status code.
"""

import random
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from talent import stamps

from .. import bulk
from ..models import Answer, Assignment, BankVersion, Campaign, Item, TwinPair
from ..models.campaigns import answer_range

# Twins are shown at least this many positions apart (when the bank is big enough).
TWIN_DISTANCE = 8
# Items per page: as even as possible, at most this many (so 6-8 for a real bank).
MAX_PAGE_SIZE = 8


class AnsweringRefused(Exception):
    """A save, acknowledgement or submission that was refused; nothing was written."""


class CampaignNotOpen(AnsweringRefused):
    pass


class AlreadySubmitted(AnsweringRefused):
    pass


class NoticeNotAcknowledged(AnsweringRefused):
    pass


class BadAnswer(AnsweringRefused):
    """An item outside this assignment's bank version, a value out of range, a bad
    sequence or time."""


class Outcome(StrEnum):
    SAVED = "saved"  # written now, or this very save was written before (a replay)
    KEPT = "kept"  # a later save of this item is kept; this one changed nothing


@dataclass(frozen=True)
class SaveResult:
    outcome: Outcome
    sequence: int  # the assignment's highest accepted sequence after this save


def notice_version(campaign):
    """The privacy notice version an acknowledgement in `campaign` records."""
    return getattr(campaign, "notice_version", "") or settings.NOTICE_VERSION


def notice_acknowledged(assignment):
    return (assignment.notice_acknowledged_at is not None
            and assignment.notice_version == notice_version(assignment.campaign))


def is_open(campaign):
    return Campaign.objects.open().filter(pk=campaign.pk).exists()


def _refuse_unless_writable(assignment):
    if assignment.is_submitted:
        raise AlreadySubmitted()
    if not is_open(assignment.campaign):
        raise CampaignNotOpen()


def _writable(assignment_id):
    """The assignment while it can take writes: not submitted, campaign open."""
    return Assignment.objects.filter(
        pk=assignment_id, campaign__in=Campaign.objects.open(),
    ).exclude(status=Assignment.Status.SUBMITTED)


def _why_not_writable(assignment_id):
    status = Assignment.objects.filter(pk=assignment_id).values_list("status", flat=True).first()
    if status == Assignment.Status.SUBMITTED:
        return AlreadySubmitted()
    return CampaignNotOpen()


# The notice --------------------------------------------------------------------------

def acknowledge_notice(assignment, at=None):
    """Record that the person read the notice (its version and the time). Acknowledging
    the same version again keeps the first time."""
    _refuse_unless_writable(assignment)
    version = notice_version(assignment.campaign)
    if notice_acknowledged(assignment):
        return False
    at = at or timezone.now()
    changed = _writable(assignment.pk).update(notice_version=version,
                                              notice_acknowledged_at=at)
    if not changed:
        raise _why_not_writable(assignment.pk)
    assignment.notice_version, assignment.notice_acknowledged_at = version, at
    return True


# The order ---------------------------------------------------------------------------

def version_items(version_id):
    """{item id: the values its answers may take} of a bank version; cached per process
    for published and retired versions, which never change."""
    cached = _ITEMS.get(version_id)
    if cached is not None:
        return cached
    rows = Item.objects.filter(version_id=version_id).values_list("pk", "min_value",
                                                                  "max_value")
    items = {pk: answer_range(Item(min_value=low, max_value=high)) for pk, low, high in rows}
    status = BankVersion.objects.filter(pk=version_id).values_list("status", flat=True).first()
    if status and status != BankVersion.Status.DRAFT:
        _ITEMS[version_id] = items
    return items


_ITEMS = {}


def item_order_for(version_id, seed):
    """A seeded shuffle of the version's item ids with twins TWIN_DISTANCE apart."""
    ids = list(Item.objects.filter(version_id=version_id).order_by("order", "pk")
               .values_list("pk", flat=True))
    pairs = list(TwinPair.objects.filter(version_id=version_id)
                 .values_list("item_a_id", "item_b_id"))
    return shuffle_apart(ids, pairs, random.Random(seed))


def shuffle_apart(ids, pairs, rng, distance=TWIN_DISTANCE):
    """A random order of `ids` in which the two items of each pair are at least `distance`
    positions apart, whenever that is possible (it is when len(ids) >= 2 * distance, or
    with few pairs); otherwise the order that keeps them furthest apart that was found."""
    ids = list(ids)
    twins = {}
    for a, b in pairs:
        twins.setdefault(a, set()).add(b)
        twins.setdefault(b, set()).add(a)

    def gaps(order):
        where = {item: i for i, item in enumerate(order)}
        return min((abs(where[a] - where[b]) for a, b in pairs), default=len(order))

    best, best_gap = None, -1
    for _ in range(50):
        order = ids[:]
        rng.shuffle(order)
        order = _repair(order, twins, distance, rng)
        gap = gaps(order)
        if gap >= distance or gap >= len(order) - 1:
            return order
        if gap > best_gap:
            best, best_gap = order, gap
    # Dense pairs: first items of pairs, then the rest, then the second items in the same
    # order (each pair len(ids) - len(pairs) apart), shuffled within each block.
    firsts, seconds, placed = [], [], set()
    for a, b in pairs:
        if a not in placed and b not in placed:
            firsts.append(a)
            seconds.append(b)
            placed |= {a, b}
    rest = [i for i in ids if i not in placed]
    rng.shuffle(rest)
    block = list(zip(firsts, seconds, strict=True))
    rng.shuffle(block)
    order = [a for a, _ in block] + rest + [b for _, b in block]
    return order if gaps(order) >= best_gap else best


def _repair(order, twins, distance, rng):
    """Move items that sit too close to a twin to a random position where neither they
    nor the item they swap with are too close to theirs (a few passes)."""
    n = len(order)

    def fits(item, position, where):
        return all(abs(where[t] - position) >= distance
                   for t in twins.get(item, ()) if where.get(t) is not None
                   and where[t] != position)

    for _ in range(4):
        where = {item: i for i, item in enumerate(order)}
        moved = False
        for i in range(n):
            item = order[i]
            if not twins.get(item) or fits(item, i, where):
                continue
            candidates = list(range(n))
            rng.shuffle(candidates)
            for j in candidates:
                other = order[j]
                if other in twins.get(item, ()) or j == i:
                    continue
                where[item], where[other] = j, i
                if fits(item, j, where) and fits(other, i, where):
                    order[i], order[j] = other, item
                    moved = True
                    break
                where[item], where[other] = i, j
        if not moved:
            break
    return order


def start(assignment):
    """Fix the item order at the first visit (stored; the same on every device)."""
    if assignment.item_order:
        return assignment.item_order
    _refuse_unless_writable(assignment)
    order = item_order_for(assignment.campaign.bank_version_id,
                           f"{assignment.campaign_id}:{assignment.pk}")
    # Seeded, so two first visits at once store the same order.
    if not _writable(assignment.pk).update(item_order=order):
        raise _why_not_writable(assignment.pk)
    assignment.item_order = order
    return order


def pages(order):
    """The item ids of each page: as even as possible, MAX_PAGE_SIZE at most."""
    n = len(order)
    count = max(1, -(-n // MAX_PAGE_SIZE))
    size, extra = divmod(n, count)
    result, at = [], 0
    for p in range(count):
        step = size + (1 if p < extra else 0)
        result.append(order[at:at + step])
        at += step
    return result


# Saving answers ----------------------------------------------------------------------

def _check_answer(assignment, item_id, value, seconds):
    allowed = version_items(assignment.campaign.bank_version_id).get(item_id)
    if allowed is None:
        raise BadAnswer("item")
    if value not in allowed:
        raise BadAnswer("value")
    if seconds is not None and not (0 <= seconds < float("inf")):
        raise BadAnswer("seconds")


def _answering_update(sequence, language, now):
    """What a save changes on its assignment: the highest sequence accepted (or the next
    one, for a save the server numbers), the language, and the first start."""
    not_started = Q(status=Assignment.Status.NOT_STARTED)
    return {
        "sequence": (F("sequence") + 1 if sequence is None
                     else Greatest(F("sequence"), Value(sequence))),
        "language": language,
        "status": Case(When(not_started, then=Value(Assignment.Status.IN_PROGRESS)),
                       default=F("status")),
        "started_at": Case(When(not_started, then=Value(now)), default=F("started_at")),
    }


def save_answer(assignment, item, value, sequence, seconds=None, language=""):
    """Save one answer of `assignment` (an Item or an item id).

    `sequence` is the save's number on the assignment's counter (None: the next one, for
    saves the server numbers, such as a page sent without JavaScript). The answer is
    written only if no save with a higher number wrote it; `seconds` (this visit's) are
    added to the item's time, which is capped at ANSWER_SECONDS_CAP. The first accepted
    save moves the assignment from not started to in progress.
    """
    item_id = getattr(item, "pk", item)
    # Whether the campaign is open is part of the conditional UPDATE below (no query
    # before it); a submitted copy in hand is refused at once.
    if assignment.is_submitted:
        raise AlreadySubmitted()
    if not notice_acknowledged(assignment):
        raise NoticeNotAcknowledged()
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadAnswer("value")
    if sequence is not None and (not isinstance(sequence, int) or sequence < 1
                                 or sequence >= 2**62):
        raise BadAnswer("sequence")
    _check_answer(assignment, item_id, value, seconds)
    cap = float(settings.ANSWER_SECONDS_CAP)
    seconds = None if seconds is None else min(float(seconds), cap)
    now = timezone.now()
    # The assignment's sequence, language and first start, and the answer: one statement
    # on PostgreSQL, one transaction elsewhere (bulk.save_answer).
    saved = bulk.save_answer(
        assignment.pk, item_id, value, sequence, seconds, language, now, cap,
        orm_writes=lambda: (_writable(assignment.pk),
                            _answering_update(sequence, language, now)))
    if saved is None:
        raise _why_not_writable(assignment.pk)
    current, written = saved
    if sequence is None:
        sequence = current
    if assignment.status == Assignment.Status.NOT_STARTED:
        # The first save moves the campaign's funnel (once per person, not per answer).
        stamps.bump(stamps.campaign(assignment.campaign_id))
        assignment.status, assignment.started_at = Assignment.Status.IN_PROGRESS, now
    assignment.sequence, assignment.language = current, language
    if written:
        return SaveResult(Outcome.SAVED, current)
    stored = Answer.objects.filter(assignment_id=assignment.pk, item_id=item_id).values_list(
        "sequence", "value").first()
    replay = stored is not None and stored == (sequence, value)
    return SaveResult(Outcome.SAVED if replay else Outcome.KEPT, current)


# Reading back (for the pages) --------------------------------------------------------

def answers_of(assignment):
    """{item id: value} of the assignment's answers."""
    return dict(Answer.objects.filter(assignment_id=assignment.pk)
                .values_list("item_id", "value"))


def unanswered(assignment):
    """Item ids not answered yet, in the assignment's order."""
    answered = set(Answer.objects.filter(assignment_id=assignment.pk)
                   .values_list("item_id", flat=True))
    order = assignment.item_order or list(version_items(assignment.campaign.bank_version_id))
    return [pk for pk in order if pk not in answered]


# Submission --------------------------------------------------------------------------

@dataclass(frozen=True)
class SubmitResult:
    submitted: bool
    unanswered: list  # item ids, in order, when not submitted
    first_time: bool = False  # this request made the submission


def submit(assignment, at=None):
    """Submit once every item is answered. A second request (double click, another tab,
    a retry) finds the assignment submitted and gets the same outcome."""
    if assignment.is_submitted:
        return SubmitResult(True, [])
    if not is_open(assignment.campaign):
        raise CampaignNotOpen()
    if not notice_acknowledged(assignment):
        raise NoticeNotAcknowledged()
    missing = unanswered(assignment)
    if missing:
        return SubmitResult(False, missing)
    at = at or timezone.now()
    changed = Assignment.objects.filter(
        pk=assignment.pk, status=Assignment.Status.IN_PROGRESS,
        campaign__in=Campaign.objects.open(),
    ).update(status=Assignment.Status.SUBMITTED, submitted_at=at)
    assignment.refresh_from_db(fields=["status", "submitted_at", "started_at"])
    if changed:
        stamps.bump(stamps.campaign(assignment.campaign_id))  # the funnel moves on
    if assignment.is_submitted:
        return SubmitResult(True, [], first_time=bool(changed))
    raise _why_not_writable(assignment.pk)

