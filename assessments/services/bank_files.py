"""The bank interchange format (JSON): read, check, import and export a bank version.

The format is described in docs/bank-format.md: the required fields, plus the optional
`description` (bank and scale), `changelog`, and per item `anchors` and `order`.
Exporting what was imported gives back the same document.

Version numbers on import: a bank code seen for the first time keeps the file's
`version` (default 1). For a code that exists, the import makes a *new* version (never
touching the published ones): the file's number if it is above every existing version,
otherwise the next number after the latest. The number used is reported. A file whose
content is that of the bank's newest version creates nothing (`BankFileUnchanged`).
"""

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import BankVersion, Item, QuestionBank, Scale, TwinPair
from ..models.banks import REQUIRED_LANGUAGES, content_problems, text_problems
from .banks import create_with_history, publish, retire

BANKS_DIR = Path(__file__).resolve().parent.parent / "banks"
# The default CORE bank in the order its versions were published: v1 is kept for the
# results computed with it (retired once v2 is loaded), v2 is offered to new campaigns.
DEFAULT_BANK_FILES = (BANKS_DIR / "core.json", BANKS_DIR / "core_v2.json")
DEFAULT_BANK_FILE = DEFAULT_BANK_FILES[0]

# Limits that keep a hostile or mistaken file from exhausting memory or the database.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_SCALES = 50
MAX_ITEMS = 1000
MAX_TEXT_CHARS = 2000
ANSWER_RANGE = (-100, 100)  # the Answer table's plausibility constraint

# JSON shapes a bank never needs: deeper nesting (a bank is 4 levels deep), numbers with
# more digits than any bound below, NaN and Infinity.
MAX_DEPTH = 20
MAX_DIGITS = 20
# Version numbers and item orders are stored in PositiveIntegerFields: at most 2**31 - 1
# on PostgreSQL. SQLite would take more, but a file must mean the same on both.
MAX_VERSION_NUMBER = MAX_ORDER = 2**31 - 1

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
ROLES = {"execution": Scale.Role.EXECUTION, "compression": Scale.Role.COMPRESSION,
         None: Scale.Role.NONE, "": Scale.Role.NONE, "none": Scale.Role.NONE}


class BankFileError(Exception):
    """A bank file that cannot be imported; `problems` names every place that is wrong."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class BankFileUnchanged(Exception):
    """A valid bank file with the content of its bank's newest version: nothing was
    created, since a second copy would only make authors and HR wonder what changed."""

    def __init__(self, version):
        self.version = version
        super().__init__(self.message)

    @property
    def message(self):
        return _("This file is identical to version %(number)d; nothing was created.") % {
            "number": self.version.number}


# --- Export ---------------------------------------------------------------------------


def export_version(version):
    """The version as a JSON-ready dict in the interchange format."""
    bank = version.bank
    return {
        "code": bank.code,
        "version": version.number,
        "name": version.shown_name,
        "description": version.shown_description,
        "changelog": version.changelog,
        "scales": [
            {"code": scale.code, "role": scale.role or None, "name": scale.name,
             "description": scale.description}
            for scale in version.scales.order_by("pk")
        ],
        "items": [
            {"code": item.code, "scale": item.scale.code, "reverse": item.reverse,
             "min": item.min_value, "max": item.max_value, "text": item.text,
             "anchors": item.anchors, "order": item.order}
            for item in version.items.select_related("scale").order_by("order", "pk")
        ],
        "pairs": [
            {"a": pair.item_a.code, "b": pair.item_b.code, "relation": pair.relation}
            for pair in version.pairs.select_related("item_a", "item_b").order_by("pk")
        ],
    }


def dump_version(version):
    return json.dumps(export_version(version), ensure_ascii=False, indent=2) + "\n"


# --- Import ---------------------------------------------------------------------------


@dataclass
class ParsedBank:
    """A checked bank file as unsaved model instances, ready to be written."""

    code: str
    number: int
    name: dict
    description: dict
    changelog: str
    scales: list = field(default_factory=list)
    items: list = field(default_factory=list)
    pairs: list = field(default_factory=list)


def read_bank_file(source):
    """Load a bank document from a path or binary file, refusing oversized or bad JSON."""
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise BankFileError([_("Cannot read %(path)s: %(error)s.")
                                 % {"path": path, "error": exc.strerror}]) from exc
        if size > MAX_FILE_BYTES:
            raise BankFileError([_too_big()])
        raw = path.read_bytes()
    else:
        raw = source.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise BankFileError([_too_big()])
    try:
        data = json.loads(raw, object_pairs_hook=_KeyedObject, parse_int=_whole_number,
                          parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise BankFileError([_("The file is not UTF-8 text.")]) from exc
    except json.JSONDecodeError as exc:
        raise BankFileError([
            _("Not valid JSON: %(error)s at line %(line)d, column %(column)d.")
            % {"error": exc.msg, "line": exc.lineno, "column": exc.colno}
        ]) from exc
    except RecursionError as exc:
        raise BankFileError([_nested_too_deeply()]) from exc
    except _Refused as exc:
        raise BankFileError([exc.message]) from exc
    problems = _shape_problems(data)
    if problems:
        raise BankFileError(problems)
    return data


class _Refused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


class _KeyedObject(dict):
    """A JSON object that remembers the keys it was given more than once."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.repeated = []
        if len(self) < len(pairs):
            counts = Counter(key for key, __ in pairs)
            self.repeated = sorted(key for key, count in counts.items() if count > 1)


def _whole_number(text):
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(_("A number in the file has %(count)d digits; at most %(max)d are "
                         "accepted.") % {"count": len(text.lstrip("-")), "max": MAX_DIGITS})
    return int(text)


def _no_constant(name):
    raise _Refused(_("%(name)s is not a number a bank file can hold.") % {"name": name})


def _nested_too_deeply():
    return _("The file nests lists or objects more than %(max)d levels deep.") % {
        "max": MAX_DEPTH}


def _shape_problems(data):
    """Nesting, repeated keys and NUL characters, found without recursion."""
    problems = []
    stack = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            return [_nested_too_deeply()]
        if isinstance(value, dict):
            for key in getattr(value, "repeated", []):
                problems.append(f"{where or '(top)'}: " + _("the key %(key)r is given more "
                                                            "than once") % {"key": key})
            for key, item in value.items():
                if "\x00" in key:
                    problems.append(f"{where or '(top)'}: " + _no_nul())
                stack.append((item, f"{where}.{key}" if where else key, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{index}]", depth + 1)
                         for index, item in enumerate(value))
        elif isinstance(value, str) and "\x00" in value:
            problems.append(f"{where}: " + _no_nul())
    return sorted(problems)


def _no_nul():
    return _("contains a NUL character (\\u0000), which a text cannot hold")


def _too_big():
    return _("The file is larger than %(limit)d KB.") % {"limit": MAX_FILE_BYTES // 1024}


def parse_bank(data):
    """Check a bank document and build unsaved instances, or raise BankFileError listing
    every problem with where it is (e.g. `items[3] "EXE04".text`)."""
    problems = []

    def fail(where, message):
        problems.append(f"{where}: {message}")

    if not isinstance(data, dict):
        raise BankFileError([_("The file must hold one JSON object (the bank).")])

    code = data.get("code")
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        fail("code", _("required: letters, digits, '-' or '_', at most 32 characters"))
    number = data.get("version", 1)
    if type(number) is not int or not 1 <= number <= MAX_VERSION_NUMBER:
        fail("version", _("must be a whole number from 1 to %(max)d") % {"max": MAX_VERSION_NUMBER})
        number = 1
    name = _check_text(data.get("name"), "name", fail)
    description = _check_text(data.get("description", {}), "description", fail, required=())
    changelog = data.get("changelog", "")
    if not isinstance(changelog, str) or len(changelog) > 10 * MAX_TEXT_CHARS:
        fail("changelog", _("must be a string of at most %(max)d characters")
             % {"max": 10 * MAX_TEXT_CHARS})

    parsed = ParsedBank(code=code, number=number, name=name, description=description,
                        changelog=changelog if isinstance(changelog, str) else "")
    scales = _parse_scales(data.get("scales"), fail)
    parsed.scales = list(scales.values())
    items, item_scales = _parse_items(data.get("items"), scales, fail)
    parsed.items = list(items.values())
    parsed.pairs = _parse_pairs(data.get("pairs", []), items, item_scales, fail)

    if problems:
        raise BankFileError(problems)
    return parsed


def _parse_list(value, where, limit, fail):
    if not isinstance(value, list):
        fail(where, _("must be a list"))
        return []
    if len(value) > limit:
        fail(where, _("%(count)d entries; at most %(limit)d are accepted")
             % {"count": len(value), "limit": limit})
        return []
    return value


def _coded_entries(value, name, limit, seen, empty_message, duplicate_message, fail):
    """The well-formed entries of a list of coded objects, as (index, where, code, entry);
    what is malformed, repeated or missing is reported through `fail` and skipped."""
    entries = _parse_list(value, name, limit, fail)
    if isinstance(value, list) and not value:
        fail(name, empty_message)
    for index, entry in enumerate(entries):
        where = f"{name}[{index}]"
        if not isinstance(entry, dict):
            fail(where, _("must be an object"))
            continue
        code = entry.get("code")
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            fail(f"{where}.code", _("required: a short code of letters and digits"))
            continue
        where = f'{where} "{code}"'
        if code in seen:
            fail(where, duplicate_message)
            continue
        yield index, where, code, entry


def _parse_scales(value, fail):
    scales = {}
    for _index, where, code, entry in _coded_entries(
        value, "scales", MAX_SCALES, scales, _("at least one scale is needed"),
        _("duplicate scale code"), fail,
    ):
        role = entry.get("role")
        if not isinstance(role, str | None) or role not in ROLES:
            fail(f"{where}.role", _("must be execution, compression or null"))
            role = None
        scales[code] = Scale(
            code=code, role=ROLES[role],
            name=_check_text(entry.get("name"), f"{where}.name", fail),
            description=_check_text(entry.get("description", {}), f"{where}.description",
                                    fail, required=()),
        )
    return scales


def _parse_items(value, scales, fail):
    """The items by code, and each item's scale by code (None where the file names an
    unknown scale: that is reported, and such an item has no scale to ask)."""
    items, item_scales = {}, {}
    for index, where, code, entry in _coded_entries(
        value, "items", MAX_ITEMS, items, _("at least one item is needed"),
        _("duplicate item code"), fail,
    ):
        scale = _lookup(scales, entry.get("scale"))
        if scale is None:
            fail(f"{where}.scale", _("unknown scale %(scale)r") % {"scale": entry.get("scale")})
        reverse = entry.get("reverse", False)
        if not isinstance(reverse, bool):
            fail(f"{where}.reverse", _("must be true or false"))
        low, high = entry.get("min", 1), entry.get("max", 5)
        bounds_ok = True
        for key, bound in (("min", low), ("max", high)):
            if type(bound) is not int or not ANSWER_RANGE[0] <= bound <= ANSWER_RANGE[1]:
                fail(f"{where}.{key}", _("must be a whole number from %(low)d to %(high)d")
                     % {"low": ANSWER_RANGE[0], "high": ANSWER_RANGE[1]})
                bounds_ok = False
        if bounds_ok and low >= high:
            fail(where, _("min (%(min)d) must be below max (%(max)d)") % {"min": low, "max": high})
            bounds_ok = False
        order = entry.get("order", index + 1)
        if type(order) is not int or not 0 <= order <= MAX_ORDER:
            fail(f"{where}.order", _("must be a whole number from 0 to %(max)d")
                 % {"max": MAX_ORDER})
            order = 0
        item = Item(
            code=code, scale=scale, reverse=reverse is True,
            min_value=low if bounds_ok else 1, max_value=high if bounds_ok else 5,
            text=_check_text(entry.get("text"), f"{where}.text", fail),
            anchors=entry.get("anchors", {}), order=order,
        )
        if bounds_ok:
            for problem in item.anchor_problems():
                fail(f"{where}.anchors", problem)
        items[code], item_scales[code] = item, scale
    return items, item_scales


def _parse_pairs(value, items, item_scales, fail):
    pairs = []
    entries = _parse_list(value, "pairs", MAX_ITEMS, fail)
    used = {}
    for index, entry in enumerate(entries):
        where = f"pairs[{index}]"
        if not isinstance(entry, dict):
            fail(where, _("must be an object"))
            continue
        a, b = _lookup(items, entry.get("a")), _lookup(items, entry.get("b"))
        for key, item in (("a", a), ("b", b)):
            if item is None:
                fail(f"{where}.{key}", _("unknown item %(item)r") % {"item": entry.get(key)})
        relation = entry.get("relation", TwinPair.Relation.SAME)
        if relation not in TwinPair.Relation.values:
            fail(f"{where}.relation", _("must be same or opposite"))
        if a is None or b is None:
            continue
        where = f"{where} {a.code} ~ {b.code}"
        if a is b:
            fail(where, _("an item cannot be its own twin"))
            continue
        scale_a, scale_b = item_scales[a.code], item_scales[b.code]
        if scale_a is not None and scale_b is not None and scale_a is not scale_b:
            fail(where, _("the items belong to different scales (%(a)s and %(b)s)")
                 % {"a": scale_a.code, "b": scale_b.code})
        for item in (a, b):
            if item.code in used:
                fail(where, _("item %(item)s is already in %(other)s")
                     % {"item": item.code, "other": used[item.code]})
            used.setdefault(item.code, where)
        pairs.append(TwinPair(item_a=a, item_b=b, relation=relation))
    return pairs


def _lookup(mapping, code):
    return mapping.get(code) if isinstance(code, str) else None


def _check_text(value, where, fail, required=REQUIRED_LANGUAGES):
    for problem in text_problems(value, required=required):
        fail(where, problem)
    if not isinstance(value, dict):
        return {}
    if any(isinstance(text, str) and len(text) > MAX_TEXT_CHARS for text in value.values()):
        fail(where, _("longer than %(max)d characters") % {"max": MAX_TEXT_CHARS})
    return value


def comparable_content(name, description, scales, items, pairs):
    """What a bank version says, in a form two versions can be compared by: every text in
    both languages, each scale's role, each item's scale, keying, answer range, labels
    and place, and the twin pairs.

    Left out, because they change nothing a person reads or how answers are scored: the
    JSON layout and key order, the order in which scales and pairs are listed, which item
    of a pair comes first, runs of white space and empty texts (a page shows neither),
    how an accented letter is encoded (NFC), and the version number and changelog, which
    describe a version rather than its content.
    """
    return {
        "name": _comparable_text(name),
        "description": _comparable_text(description),
        "scales": sorted(
            (scale.code, scale.role or "", _comparable_text(scale.name),
             _comparable_text(scale.description))
            for scale in scales),
        "items": sorted(
            (item.code, item.scale.code, bool(item.reverse), item.min_value, item.max_value,
             _comparable_text(item.text), _comparable_text(item.anchors), item.order)
            for item in items),
        "pairs": sorted(
            (*sorted((pair.item_a.code, pair.item_b.code)), pair.relation)
            for pair in pairs),
    }


def _comparable_text(texts):
    """Texts (or lists of answer labels) by language, as a sorted tuple with white space
    collapsed and empty entries dropped."""
    def clean(value):
        if isinstance(value, list):
            return tuple(clean(label) for label in value)
        return " ".join(unicodedata.normalize("NFC", str(value)).split())

    return tuple(sorted(
        (language, clean(value)) for language, value in (texts or {}).items()
        if clean(value)))


def version_content(version):
    """`comparable_content` of a stored version."""
    return comparable_content(
        version.shown_name, version.shown_description, version.scales.all(),
        version.items.select_related("scale"),
        version.pairs.select_related("item_a", "item_b"))


def import_bank(data, *, publish_it=False, user=None):
    """Check a bank document, then write it as a new version in one transaction.

    Nothing is written unless the whole document is valid (and, with `publish_it`, passes
    the publish checks). Returns the new BankVersion. Raises BankFileUnchanged, writing
    nothing, when the file says exactly what the bank's newest version says.
    """
    parsed = parse_bank(data)
    if publish_it:
        problems = content_problems(parsed.scales, parsed.items, parsed.pairs)
        if problems:
            raise BankFileError(problems)
    with transaction.atomic():
        bank, created = QuestionBank.objects.select_for_update().get_or_create(
            code=parsed.code,
            defaults={"name": parsed.name, "description": parsed.description},
        )
        newest = None if created else bank.versions.order_by("-number").first()
        # Under the bank's row lock, so two uploads of one file cannot both pass.
        if newest is not None and version_content(newest) == comparable_content(
            parsed.name, parsed.description, parsed.scales, parsed.items, parsed.pairs
        ):
            raise BankFileUnchanged(newest)
        # The bank keeps its name: a file that names it differently names its new
        # version, and the versions already published keep showing theirs.
        number = parsed.number if created else max(parsed.number, bank.next_version_number())
        if number > MAX_VERSION_NUMBER:
            raise BankFileError([_("version: %(code)s has no version number left above "
                                   "%(number)d.") % {"code": bank.code, "number": number - 1}])
        version = BankVersion.objects.create(bank=bank, number=number,
                                             changelog=parsed.changelog, name=parsed.name,
                                             description=parsed.description)
        for row in (*parsed.scales, *parsed.items, *parsed.pairs):
            row.version = version
        create_with_history(Scale, parsed.scales, user)
        create_with_history(Item, parsed.items, user)
        create_with_history(TwinPair, parsed.pairs, user)
        if publish_it:
            try:
                version = publish(version, user)
            except ValidationError as exc:
                raise BankFileError(exc.messages) from exc
    return version


def load_default_bank(*, publish_it=True):
    """The default CORE bank's versions, each loaded once and published, the older ones
    retired; returns (the newest version, whether anything was loaded)."""
    loaded, version = False, None
    for path in DEFAULT_BANK_FILES:
        previous = version
        data = read_bank_file(path)
        version = BankVersion.objects.filter(
            bank__code=data["code"], number=data["version"]).first()
        if version is None:
            try:
                version, loaded = import_bank(data, publish_it=publish_it), True
            except BankFileUnchanged as unchanged:  # already there under another number
                version = unchanged.version
        if publish_it and version.is_draft:
            version = publish(version)
        if previous is not None and previous.status == BankVersion.Status.PUBLISHED and (
            version.status == BankVersion.Status.PUBLISHED
        ):
            retire(previous)
    return version, loaded
