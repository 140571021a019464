"""What the employee's own report shows, in plain words. Read-only, like every report.

The report is for the person it describes, so it is written to them: it leads with what
their answers say they do well, gives the family in words with its chance ("likely
precise execution: about 86 in 100"), says why there is none when there is none, and
never blames: a screen that was met is described as something about how the form was
filled in, not about the person. Only a released (or contested) result is shown; a
pending or withheld one shows nothing of the result (`result_status`).

The words are built here rather than in the template so that one function, tested on
its own, decides what a person reads in either language.
"""

from dataclasses import dataclass

import numpy as np
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import engine_io
from ..models import Assignment, Contest, Result, ReviewDecision, Scale
from ..models.summaries import family_codes_of
from ..scoring.change import what_would_change
from ..scoring.engine import role_probability
from . import evidence, norm_standing

SHOWN = (Result.ReviewState.RELEASED, Result.ReviewState.CONTESTED)
FAMILIES = (Result.RoleFamily.EXECUTION, Result.RoleFamily.COMPRESSION,
            Result.RoleFamily.UNDETERMINED)
# Beyond this many z units (40 T points) no single score realistically moves.
MAX_SHIFT_Z = 4.0


def family_words(family):
    return {
        "execution": _("precise execution"),
        "compression": _("high compression"),
        "undetermined": _("undetermined"),
    }.get(family, _("not classified"))


def flag_sentence(flag):
    """A kind sentence for each validity screen (scoring.FLAG_NAMES) a result met."""
    return {
        "incomplete": _("Quite a few questions were left unanswered, so there was less to "
                        "go on."),
        "longstring": _("Many answers in a row were the same. That often happens when a "
                        "questionnaire feels long."),
        "misaligned": _("Some pairs of questions that ask the same thing in other words got "
                        "rather different answers."),
        "acquiescent": _("Statements and their opposites were often agreed with alike, which "
                         "makes it harder to tell what you prefer."),
        "too_fast": _("The questions were answered faster than most people can read them."),
        "outlier": _("Your combination of answers is unusual compared with the group you are "
                     "compared with. Unusual is not wrong; it only makes the result less "
                     "certain."),
        "misfit": _("Your answers followed a pattern that is unusual for these questions."),
        "unpatterned": _("Your answers did not follow the questions' direction clearly enough "
                         "to compare the two ways of working."),
        "late_misfit": _("Your answers towards the end of the questionnaire fitted the "
                         "questions less well than your earlier answers. That often happens "
                         "when a questionnaire feels long."),
        "zigzag": _("Many answers went up and down the scale in a regular pattern from one "
                    "question to the next."),
        # Said without blame: the screen is soft, and an attentive person can meet it.
        "random_like": _("Taken together, your answers did not follow the questions closely "
                         "enough to compare the two ways of working reliably."),
    }.get(flag, _("One of the checks on how the questionnaire was filled in was met."))


@dataclass(frozen=True)
class Status:
    """What the person may see of an assignment's result: `state` is "none" (no result
    yet), "pending", "withheld", "released" or "contested"."""
    state: str
    result: Result | None = None

    @property
    def readable(self):
        return self.state in SHOWN


def own_result(employee, assignment_pk):
    """The result of one of this employee's assignments that they may be told about:
    the one released or contested if any, else the newest. (assignment, result or None);
    Assignment.DoesNotExist when the assignment is not theirs."""
    assignment = Assignment.objects.select_related("campaign").get(pk=assignment_pk,
                                                                   employee=employee)
    results = (Result.objects.filter(assignment=assignment)
               .select_related("norm_group__bank_version", "spec", "bank_version__bank"))
    result = (results.filter(review_state__in=SHOWN).order_by("-computed_at").first()
              or results.order_by("-computed_at").first())
    return assignment, result


def result_status(result):
    return Status("none") if result is None else Status(result.review_state, result)


def statuses_for(assignments):
    """{assignment pk: Status} for the home page's past assignments (one query)."""
    best = {}
    for result in Result.objects.filter(assignment__in=[a.pk for a in assignments]).order_by(
            "computed_at"):
        current = best.get(result.assignment_id)
        if current is None or result.review_state in SHOWN or current.review_state not in SHOWN:
            best[result.assignment_id] = result
    return {a.pk: result_status(best.get(a.pk)) for a in assignments}


def person_report(result, language):
    """Everything the report page shows for a released or contested result."""
    if result.review_state not in SHOWN:
        raise ValueError("only a released or contested result is shown to its person")
    scales = {s.code: s for s in Scale.objects.filter(version_id=result.bank_version_id)}
    invalid = result.validity == Result.Validity.INVALID
    scores = _scores(result, scales, language)
    role_scales = {s.role: s.code for s in scales.values() if s.role}
    family = _family(result)
    return {
        "result": result,
        "invalid": invalid,
        "strengths": [] if invalid else _strengths(scores, role_scales, family, language),
        "family": family,
        "track_record": "" if invalid else evidence.track_record(result.bank_version,
                                                                 family["shown"]),
        "scores": [] if invalid else scores,
        "chart": None if invalid else _chart(scores),
        "profile_note": "" if invalid else _profile_note(result.profile_note),
        "validity": _validity(result),
        "change": None if invalid else _change(result, role_scales, family),
        "norms": _norms(result),
        "versions": _versions(result, language),
        "contest": _contest(result),
    }


# --- Sections -------------------------------------------------------------------------


def _scores(result, scales, language):
    rows = []
    for code, values in (result.scores or {}).items():
        scale = scales.get(code)
        if values.get("t") is None:
            continue
        rows.append({
            "code": code,
            "role": scale.role if scale else "",
            "name": scale.name_in(language) if scale and scale.name else code,
            "description": scale.description_in(language) if scale else "",
            "t": round(values["t"]),
            "band_low": round(values["band_low"]) if values.get("band_low") is not None
            else None,
            "band_high": round(values["band_high"]) if values.get("band_high") is not None
            else None,
            "percentile": round(values["percentile"])
            if values.get("percentile") is not None else None,
        })
    # Precise execution first, then high compression, then any other scale by code.
    order = {"execution": 0, "compression": 1}
    return sorted(rows, key=lambda row: (order.get(row["role"], 2), row["code"]))


def _strengths(scores, role_scales, family, language):
    """The role scales, the one the answers point to most first, each with what it means
    in the bank's own words."""
    by_code = {row["code"]: row for row in scores}
    rows = [by_code[code] for code in (role_scales.get("execution"), role_scales.get("compression"))
            if code in by_code]
    lead = family["shown"]
    rows.sort(key=lambda row: (row["role"] != lead, -row["t"]))
    out = []
    for i, row in enumerate(rows):
        out.append({
            "name": row["name"],
            "description": row["description"],
            "lead": i == 0,
            "note": _("Precise execution is a reliable, valuable capability: most people have "
                      "it, and few believe they do. Work done exactly as agreed and carried "
                      "through to the end is what teams and plans rest on.")
            if row["role"] == "execution" else
            _("High compression is the habit of finding the simple rule behind many cases "
              "and carrying it to new ones."),
        })
    return out


def _chance(probability, family):
    """The chance, in 100, of the family named (None when there is no probability)."""
    if probability is None:
        return None
    # Nothing about a person is certain: "100 in 100" would say it is.
    chance = round(100 * (1 - probability if family == "compression" else probability))
    return min(max(chance, 1), 99)


def _family(result):
    shown, scored = result.released_family, result.role_family
    p = result.probability_execution
    override = None
    if shown != scored:
        decision = (result.decisions.filter(decision=ReviewDecision.Decision.OVERRIDE)
                    .order_by("-decided_at", "-pk").first())
        override = {
            "reason": decision.reason if decision else "",
            "decided_at": decision.decided_at if decision else None,
            "text": _("A reviewer changed the family from “%(scored)s” to “%(shown)s”.") % {
                "scored": family_words(scored), "shown": family_words(shown)},
            "explanation": (
                _("The scoring of your answers alone pointed to %(scored)s (about %(chance)s "
                  "in 100). That figure describes the scoring, not the reviewer's decision, "
                  "so no chance is given for the family you are shown.") % {
                    "scored": family_words(scored), "chance": _chance(p, scored)}
                if p is not None and scored in FAMILIES else
                _("The scoring of your answers alone gave no family, so no chance is given "
                  "for the family you are shown.")),
        }
    chance = None if override or shown not in FAMILIES else _chance(p, shown)
    if override:
        # The words below describe what the answers say; after an override they would
        # claim the answers point where the reviewer decided. The override block explains.
        headline = {"execution": _("Precise execution"), "compression": _("High compression"),
                    "undetermined": _("Undetermined")}.get(shown, _("No family was named"))
        explanation = _("This is the family a reviewer released for you.")
    elif result.validity == Result.Validity.INVALID:
        headline = _("No family this time")
        explanation = _("These answers could not be scored reliably, so no family and no "
                        "chance are given. HR may offer you a retake.")
    elif shown == "execution":
        headline = (_("Likely precise execution: about %(chance)s in 100") % {"chance": chance}
                    if chance is not None else _("Precise execution"))
        explanation = _("Your answers point more to precise execution than to high "
                        "compression.")
    elif shown == "compression":
        headline = (_("Likely high compression: about %(chance)s in 100") % {"chance": chance}
                    if chance is not None else _("High compression"))
        explanation = _("Your answers point more to high compression than to precise "
                        "execution.")
    elif shown == "undetermined":
        headline = _("Undetermined")
        explanation = _("Undetermined is a valid and common answer: your answers do not tip "
                        "clearly towards one of the two ways of working, and many people draw "
                        "on both.")
        if chance is not None and not override:
            explanation += " " + _(
                "The chance that precise execution is the stronger of the two is about "
                "%(chance)s in 100; a family is named only at %(cut)s in 100 or more either "
                "way.") % {"chance": chance, "cut": _cut(result)}
    else:
        headline = _("No family was named")
        explanation = _unclassified_reason(result)
    return {"shown": shown, "scored": scored, "headline": headline,
            "explanation": explanation, "chance": chance, "override": override}


def _cut(result):
    return round(100 * result.spec.engine().p_execution)


def _unclassified_reason(result):
    if result.norm_group.provisional or result.norm_group.n < result.spec.engine(
    ).provisional_norm_n:
        return _("No family is named yet: the group your answers are compared with is still "
                 "small (%(n)s people), and a family is named only once it rests on at least "
                 "%(needed)s.") % {"n": result.norm_group.n,
                                   "needed": result.spec.engine().provisional_norm_n}
    if "unpatterned" in (result.flags or []):
        return flag_sentence("unpatterned")
    if "late_misfit" in (result.flags or []):
        return _("No family is named: your answers towards the end of the questionnaire "
                 "fitted the questions less well than your earlier ones, so the two scores "
                 "may not describe you well enough to compare. That often happens when a "
                 "questionnaire feels long.")
    if "random_like" in (result.flags or []):
        return flag_sentence("random_like")
    if "misfit" in (result.flags or []):
        # misfit withholds the family only where the norm group made it soft (a response
        # style shared by many in the group); said without blame
        return _("No family is named: taken together, your answers followed a pattern "
                 "that is unusual for these questions, so the two scores may not describe "
                 "you well enough to compare.")
    if _role_scales_scored(result):
        # No flag and both role scales scored: the answers sat on the random side of the
        # campaign's null (engine reason "random_side", not stored on the result); the
        # result stays valid, so this is said without blame
        return _("No family is named: taken together, your answers did not point clearly "
                 "enough in one direction for the two scores to be compared reliably. Your "
                 "scores are shown as they are.")
    return _("No family is named: too few questions of one of the two scales were answered.")


def _role_scales_scored(result):
    """Both role scales of the result's bank scored (their stored `scorable`)."""
    codes = family_codes_of(result.bank_version_id)
    scores = result.scores or {}
    return None not in codes and all((scores.get(code) or {}).get("scorable")
                                     for code in codes)


def _profile_note(note):
    return {
        "both_elevated": _("Both of your scores are well above average: you describe yourself "
                           "as strong in both ways of working, so which of the two is higher "
                           "matters less than that both are high."),
        "both_low": _("Both of your scores are below average. That often comes from describing "
                      "yourself modestly; which of the two is higher says little here."),
    }.get(note, "")


def _validity(result):
    flags = [flag_sentence(flag) for flag in (result.flags or [])]
    if result.validity == Result.Validity.VALID:
        return {"kind": "valid", "label": _("Your answers passed every check"),
                "text": _("The checks on how the questionnaire was filled in found nothing "
                          "to note."), "flags": []}
    if result.validity == Result.Validity.QUESTIONABLE:
        return {"kind": "questionable", "label": _("Read this result with some care"),
                "text": _("One of the checks on how the questionnaire was filled in was met. "
                          "It says nothing about you as a person; it means the result is less "
                          "certain than usual:"), "flags": flags}
    return {"kind": "invalid", "label": _("This time the answers could not be scored"),
            "text": _("That is not a judgement of you: it happens, for example, when a "
                      "questionnaire comes at a busy moment. The checks that were met:"),
            "flags": flags, "retake": _("HR may offer you a retake.")}


def _change(result, role_scales, family):
    """How far one score would have to move for the scored family to change, in T points,
    and how certain the call is (None when there is no probability to move)."""
    p = result.probability_execution
    codes = role_scales.get("execution"), role_scales.get("compression")
    values = [(result.scores or {}).get(code) or {} for code in codes]
    if p is None or result.role_family not in FAMILIES or any(
            v.get("z") is None for v in values):
        return None
    bank = engine_io.bank_layout(result.bank_version)
    norms, spec = result.norm_group.norms(), result.spec.engine()
    shares = [v["n_answered"] / max(v["n_answered"] + v["n_missing"], 1) for v in values]

    def prob_of(z_e, z_c):
        return role_probability(z_e, z_c, np.full(z_e.shape, shares[0]),
                                np.full(z_c.shape, shares[1]), norms, bank.layout, spec)

    moves = what_would_change(prob_of, values[0]["z"], values[1]["z"], spec.p_execution,
                              spec.p_compression, max_shift=MAX_SHIFT_Z, joint=True)
    names = [family_words("execution"), family_words("compression")]
    sentences = []
    for move in moves:
        if move.axis == -1:
            sentences.append(_joint_sentence(move.t, move.direction, family_words(move.family)))
        else:
            sentences.append(_move_sentence(names[move.axis], move.t, move.direction,
                                            family_words(move.family)))
    if not sentences:
        sentences.append(_("No realistic change in one score alone would change the call."))
    scored = result.role_family
    cut = round(100 * spec.p_execution)
    if scored == "undetermined":
        certainty = _("Neither family reaches %(cut)s in 100, the level at which a family is "
                      "named.") % {"cut": cut}
    else:
        certainty = _("The call is about %(chance)s in 100 certain; a family is named at "
                      "%(cut)s in 100 or more.") % {"chance": _chance(p, scored), "cut": cut}
    return {"sentences": sentences, "certainty": certainty,
            "of_scoring": bool(family["override"]),
            "moves": [{"axis": m.axis, "direction": m.direction, "t": m.t, "family": m.family}
                      for m in moves]}


def _move_sentence(scale, t, direction, family):
    points = round(t)
    words = {"scale": scale, "points": points, "family": family}
    if points < 1:
        return (_("If your %(scale)s score were less than one point higher, the call would "
                  "become %(family)s.") if direction > 0 else
                _("If your %(scale)s score were less than one point lower, the call would "
                  "become %(family)s.")) % words
    if direction > 0:
        return ngettext(
            "If your %(scale)s score were about %(points)d point higher, the call would "
            "become %(family)s.",
            "If your %(scale)s score were about %(points)d points higher, the call would "
            "become %(family)s.", points) % words
    return ngettext(
        "If your %(scale)s score were about %(points)d point lower, the call would "
        "become %(family)s.",
        "If your %(scale)s score were about %(points)d points lower, the call would "
        "become %(family)s.", points) % words


def _joint_sentence(t, direction, family):
    points = max(round(t), 1)
    words = {"points": points, "family": family}
    if direction > 0:
        return ngettext(
            "If both scores moved about %(points)d point, precise execution up and high "
            "compression down, the call would become %(family)s.",
            "If both scores moved about %(points)d points, precise execution up and high "
            "compression down, the call would become %(family)s.", points) % words
    return ngettext(
        "If both scores moved about %(points)d point, precise execution down and high "
        "compression up, the call would become %(family)s.",
        "If both scores moved about %(points)d points, precise execution down and high "
        "compression up, the call would become %(family)s.", points) % words


def _chart(scores):
    return {
        "labels": [row["name"] for row in scores],
        "t": [row["t"] for row in scores],
        "low": [row["band_low"] for row in scores],
        "high": [row["band_high"] for row in scores],
        "score_label": _("T-score"),
        "band_label": _("90% band"),
    }


def _norms(result):
    group = result.norm_group
    base = norm_standing.borrowed_from(group, result.bank_version_id)
    if group.provisional:
        text = _("Your scores are compared with a provisional group of %(n)s people. As more "
                 "people take part the comparison will firm up, and your scores may shift a "
                 "little.") % {"n": group.n}
    elif base is not None:
        text = _("Your scores are compared with the people who answered version %(number)s "
                 "of this questionnaire, which asks the same questions in the same way: the "
                 "version you answered is new and has too few people yet for a group of its "
                 "own.") % {"number": base}
    else:
        text = ""
    return {"provisional": group.provisional, "borrowed_from": base, "text": text}


def _versions(result, language):
    version, group, spec = result.bank_version, result.norm_group, result.spec
    return [
        (_("Question bank"), _("%(bank)s, version %(number)s") % {
            "bank": version.name_in(language) or version.bank.name_in(language)
            or version.bank.code, "number": version.number}),
        (_("Comparison group"), _("%(name)s, version %(number)s, %(n)s people") % {
            "name": group.name, "number": group.number, "n": group.n}),
        # Words a person can quote when asking about their result: the method's version
        # and its date (its hash is on HR's side, in exports and the API).
        (_("Scoring method"), _("version %(version)s, of %(date)s") % {
            "version": spec.version,
            "date": date_format(timezone.localtime(spec.created_at), "DATE_FORMAT")}),
    ]


def _contest(result):
    """The contest and its answer, if any, and whether the person may contest now."""
    contest = Contest.objects.filter(result=result).first()
    decision = None
    if contest is not None:
        decision = (ReviewDecision.objects.filter(answers_contest=contest)
                    .order_by("-decided_at", "-pk").first())
    return {
        "contest": contest,
        "decision": decision,
        "can_contest": contest is None and result.review_state == Result.ReviewState.RELEASED,
        "decision_text": _decision_text(decision) if decision else "",
    }


def _decision_text(decision):
    if decision.decision == ReviewDecision.Decision.CONFIRM:
        return _("HR reviewed your objection and kept the result as it was.")
    if decision.decision == ReviewDecision.Decision.OVERRIDE:
        return _("HR reviewed your objection and changed the family to %(family)s.") % {
            "family": family_words(decision.family)}
    if decision.decision == ReviewDecision.Decision.WITHHOLD:
        return _("HR reviewed your objection and withdrew the result; HR will contact you.")
    return _("HR reviewed your objection.")
