"""The bank editor for question-bank admins: the banks and their versions, a draft's
items edited in place (htmx), their order, twin pairs, the publish checks, publishing,
and what a draft changes against the version it was copied from. The Django admin
stays for superusers; this is the day-to-day authoring page.

Every view fetches and authorises through `bank_editing.access_version`; a refusal
answers with its status (403 anyone else, 404 nothing there, 409 not a draft). An htmx
request's refusal or bad input comes back as a fragment that static/js/bank_editor.js
lets htmx swap in, so the message is shown where the person clicked.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..models import BankVersion, QuestionBank
from ..models.banks import PublishedVersionLocked
from ..reports.bank_diff import bank_diff, has_changes
from ..services import bank_editing
from ..services import banks as bank_service
from ..services.bank_editing import BankEditRefused

# Changes that alter what the publish checks say: the checks panel listens for it.
CHANGED = "bank-changed"


def refusals(view):
    """Answer a refusal with its status: the site's 403 and 404 pages, else a message
    (for htmx, a fragment shown above the editor)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BankEditRefused as refused:
            return _refused(request, refused.message, refused.status)
        except PublishedVersionLocked:
            # The model's own lock: the version was published between our check and
            # the write.
            return _refused(request, _("This version is no longer a draft and cannot be "
                                       "changed."), 409)

    return wrapped


def _refused(request, message, status):
    if status == 403:
        raise PermissionDenied(message)
    if status == 404:
        raise Http404(message)
    if request.htmx:
        response = render(request, "assessments/banks/editor/_refused.html",
                          {"message": message}, status=status)
        response["HX-Retarget"] = "#editor-messages"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "assessments/banks/editor/refused.html",
                  {"message": message}, status=status)


@require_GET
@refusals
def bank_list(request):
    bank_editing.check_may_edit(request.user)
    banks = QuestionBank.objects.prefetch_related(Prefetch(
        "versions", BankVersion.objects.select_related("based_on").order_by("-number")))
    rows = []
    for bank in banks:
        versions = list(bank.versions.all())
        published = [v for v in versions if v.status == BankVersion.Status.PUBLISHED]
        rows.append({
            "bank": bank,
            "name": bank.name_in(translation.get_language()),
            "versions": versions,
            "draft": next((v for v in versions if v.is_draft), None),
            "newest_published": published[0] if published else None,
        })
    return render(request, "assessments/banks/editor/list.html", {"banks": rows})


@require_POST
@refusals
def start_draft(request, version_id):
    version = bank_editing.access_version(request.user, version_id)
    if version.is_draft:
        raise BankEditRefused(_("A draft is started from a published version."), status=409)
    existing = version.bank.versions.drafts().first()
    if existing is not None:
        raise BankEditRefused(
            _("%(bank)s already has a draft, version %(number)d: edit that one.")
            % {"bank": version.bank.code, "number": existing.number}, status=409)
    draft = bank_service.start_draft_from(version, user=request.user)
    messages.success(request, _("Version %(number)d is a new draft copied from version "
                                "%(source)d.") % {"number": draft.number,
                                                  "source": version.number})
    return redirect("assessments:bank_version", version_id=draft.pk)


@require_GET
@refusals
def version_page(request, version_id):
    version = bank_editing.access_version(request.user, version_id)
    return _render_version(request, version)


def _render_version(request, version, *, refused_problems=None, status=200):
    language = translation.get_language()
    problems = refused_problems if refused_problems is not None else (
        version.publish_problems() if version.is_draft else [])
    return render(request, "assessments/banks/editor/version.html", {
        **_version_context(version, language),
        "problems": problems,
        "publish_refused": refused_problems is not None,
        "newest_published": version.bank.versions.published().order_by("-number").first(),
        "has_draft": version.bank.versions.drafts().exists(),
        **_pairs_context(version, language),
    }, status=status)


def _version_context(version, language):
    scales = list(version.scales.order_by("code"))
    items = list(version.items.order_by("order", "pk"))
    by_scale = {scale.pk: [] for scale in scales}
    for item in items:
        by_scale.setdefault(item.scale_id, []).append(item)
    return {
        "version": version,
        "editable": version.is_draft,
        "bank_name": version.name_in(language),
        "scales": [{"scale": scale, "name": scale.name_in(language),
                    "rows": _rows(by_scale[scale.pk])} for scale in scales],
        "item_count": len(items),
    }


def _rows(items):
    return [_row(item, first=n == 0, last=n == len(items) - 1)
            for n, item in enumerate(items)]


def _row(item, *, first, last):
    texts = item.text if isinstance(item.text, dict) else {}
    anchors = item.anchors if isinstance(item.anchors, dict) else {}
    return {"item": item, "first": first, "last": last,
            "en": texts.get("en", ""), "zh": texts.get("zh-hans", ""),
            "anchors_en": " · ".join(anchors.get("en") or []),
            "anchors_zh": " · ".join(anchors.get("zh-hans") or [])}


def _scale_context(version, scale):
    items = list(version.items.filter(scale=scale).order_by("order", "pk"))
    return {"version": version, "editable": version.is_draft,
            "entry": {"scale": scale, "name": scale.name_in(translation.get_language()),
                      "rows": _rows(items)}}


def _row_context(version, item):
    same_scale = list(version.items.filter(scale_id=item.scale_id)
                      .order_by("order", "pk").values_list("pk", flat=True))
    return {"version": version, "editable": version.is_draft,
            "row": _row(item, first=same_scale[0] == item.pk,
                        last=same_scale[-1] == item.pk)}


@require_GET
@refusals
def item_row(request, version_id, item_id):
    """One item as a row (what "Cancel" puts back)."""
    version = bank_editing.access_version(request.user, version_id)
    item = bank_editing.access_item(version, item_id)
    return render(request, "assessments/banks/editor/_item_row.html",
                  _row_context(version, item))


@require_GET
@refusals
def item_edit(request, version_id, item_id):
    version = bank_editing.access_version(request.user, version_id, edit=True)
    item = bank_editing.access_item(version, item_id)
    row = _row(item, first=False, last=False)
    anchors = item.anchors if isinstance(item.anchors, dict) else {}
    return _render_item_form(request, version, item, {
        "en": row["en"], "zh_hans": row["zh"], "scale": item.scale_id,
        "reverse": item.reverse,
        "anchors_en": "\n".join(anchors.get("en") or []),
        "anchors_zh_hans": "\n".join(anchors.get("zh-hans") or [])})


def _render_item_form(request, version, item, values, errors=None, status=200):
    return render(request, "assessments/banks/editor/_item_form.html", {
        "version": version, "item": item, "values": values, "errors": errors or {},
        "answers": range(item.min_value, item.max_value + 1),
        "anchor_fields": [("anchors_en", "anchors_en", _("Answer labels in English"), "en"),
                          ("anchors_zh_hans", "anchors_zh_hans",
                           _("Answer labels in Chinese"), "zh-hans")],
        "scales": [(s.pk, f"{s.code} · {s.name_in(translation.get_language())}")
                   for s in version.scales.order_by("code")],
    }, status=status)


@require_POST
@refusals
def item_save(request, version_id, item_id):
    version = bank_editing.access_version(request.user, version_id, edit=True)
    item = bank_editing.access_item(version, item_id)
    scale_before = item.scale_id
    values = {"en": request.POST.get("text_en", ""),
              "zh_hans": request.POST.get("text_zh_hans", ""),
              "scale": request.POST.get("scale", ""),
              "reverse": request.POST.get("reverse") == "on",
              "anchors_en": request.POST.get("anchors_en"),
              "anchors_zh_hans": request.POST.get("anchors_zh_hans")}
    # Labels are one a line; a form without the fields leaves them as they are.
    anchors = None
    if values["anchors_en"] is not None or values["anchors_zh_hans"] is not None:
        anchors = {"en": (values["anchors_en"] or "").splitlines(),
                   "zh-hans": (values["anchors_zh_hans"] or "").splitlines()}
    try:
        bank_editing.update_item(
            version, item, texts={"en": values["en"], "zh-hans": values["zh_hans"]},
            scale_id=values["scale"], reverse=values["reverse"], anchors=anchors)
    except ValidationError as problems:
        values["scale"] = int(values["scale"]) if values["scale"].isdigit() else None
        item.refresh_from_db()
        # Template variables cannot hold a hyphen: "zh-hans" is shown as zh_hans.
        errors = {field.replace("-", "_"): found
                  for field, found in problems.message_dict.items()}
        return _render_item_form(request, version, item, values, errors=errors, status=400)
    if item.scale_id != scale_before:
        # The item leaves one scale's list for another's: the whole page is redrawn.
        response = render(request, "assessments/banks/editor/_item_row.html",
                          _row_context(version, item))
        response["HX-Refresh"] = "true"
        return response
    response = render(request, "assessments/banks/editor/_item_row.html",
                      _row_context(version, item))
    response["HX-Trigger"] = CHANGED
    return response


@require_POST
@refusals
def item_move(request, version_id, item_id):
    version = bank_editing.access_version(request.user, version_id, edit=True)
    item = bank_editing.access_item(version, item_id)
    bank_editing.move_item(version, item, request.POST.get("direction", ""))
    response = render(request, "assessments/banks/editor/_scale.html",
                      _scale_context(version, item.scale))
    response["HX-Trigger"] = CHANGED
    return response


def _pairs_context(version, language, values=None, errors=None):
    items = list(version.items.select_related("scale").order_by("order", "pk"))
    pairs = [
        {"pair": pair, "a_text": pair.item_a.text_in(language),
         "b_text": pair.item_b.text_in(language)}
        for pair in version.pairs.select_related("item_a", "item_b").order_by("pk")
    ]
    return {
        "pairs": pairs,
        "pair_choices": [(i.pk, f"{i.code} · {i.text_in(language)}") for i in items],
        "relations": version.pairs.model.Relation.choices,
        "pair_values": values or {},
        "pair_errors": errors or {},
    }


@require_POST
@refusals
def pair_add(request, version_id):
    version = bank_editing.access_version(request.user, version_id, edit=True)
    language = translation.get_language()
    values = {key: request.POST.get(key, "") for key in ("item_a", "item_b", "relation")}
    try:
        bank_editing.add_pair(version, item_a_id=values["item_a"],
                              item_b_id=values["item_b"], relation=values["relation"])
    except ValidationError as problems:
        return render(request, "assessments/banks/editor/_pairs.html", {
            "version": version, "editable": True,
            **_pairs_context(version, language, values, problems.message_dict)}, status=400)
    response = render(request, "assessments/banks/editor/_pairs.html", {
        "version": version, "editable": True, **_pairs_context(version, language)})
    response["HX-Trigger"] = CHANGED
    return response


@require_POST
@refusals
def pair_remove(request, version_id, pair_id):
    version = bank_editing.access_version(request.user, version_id, edit=True)
    bank_editing.remove_pair(version, pair_id)
    response = render(request, "assessments/banks/editor/_pairs.html", {
        "version": version, "editable": True,
        **_pairs_context(version, translation.get_language())})
    response["HX-Trigger"] = CHANGED
    return response


@require_GET
@refusals
def publish_checks(request, version_id):
    """The publish checks panel (htmx refreshes it after each edit)."""
    version = bank_editing.access_version(request.user, version_id)
    return render(request, "assessments/banks/editor/_checks.html", {
        "version": version, "editable": version.is_draft,
        "problems": version.publish_problems() if version.is_draft else []})


@require_POST
@refusals
def publish(request, version_id):
    version = bank_editing.access_version(request.user, version_id, edit=True)
    try:
        published = bank_service.publish(version, request.user)
    except ValidationError as problems:
        return _render_version(request, version, refused_problems=problems.messages,
                               status=400)
    messages.success(request, _("Version %(number)d of %(bank)s is published.")
                     % {"number": published.number, "bank": published.bank.code})
    for warning in published.warnings:
        messages.warning(request, warning)
    return redirect("assessments:bank_list")


@require_GET
@refusals
def version_changes(request, version_id):
    """What this version changes against the version it was copied from."""
    version = bank_editing.access_version(request.user, version_id)
    base = version.based_on
    diff = bank_diff(base, version, translation.get_language()) if base else None
    return render(request, "assessments/banks/editor/changes.html", {
        "version": version, "base": base, "diff": diff,
        "changed": bool(diff) and has_changes(diff)})
