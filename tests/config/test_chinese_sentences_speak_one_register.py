"""Every Chinese string speaks to the person one way: as 您, with Chinese full stops, and with
no English word left behind except names and codes that are the same in both languages.

The catalogue read is the compiled one the site uses (test_chinese_catalog.py checks that it
matches django.po)."""

import gettext
import re
from pathlib import Path

import pytest

MO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"

CJK = r"[\u3400-\u4dbf\u4e00-\u9fff]"

# Latin words a Chinese sentence keeps, each for a reason a reader would accept.
CODES = {
    # Abbreviations Chinese offices write in Latin letters too.
    "API", "BI", "CSV", "HR", "HTTPS", "JSON", "NUL", "OIDC", "POST", "SCIM", "SSO", "T",
    "URL", "UTF", "XLSX",
    # A date written as the person must type it (YYYY-MM-DD).
    "YYYY", "MM", "DD",
}
NAMES = {
    # Products the person installs or uses elsewhere, under these names.
    "Authenticator", "Excel", "FreeOTP", "Google", "Microsoft",
    # Methods named after their authors (Cronbach's α, Cohen's κ).
    "Cronbach", "Cohen",
    # No settled Chinese word; the receiving systems' own documentation says Webhook.
    "Webhook",
}

# Not words of a sentence: placeholders, markup, addresses, and literals the person types
# exactly (file columns, JSON keys and values), which the translation puts in quotes.
NOT_PROSE = re.compile(
    r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"  # %(name)s, %(share).1f
    r"|%[sdfgr%]"  # %s, %%
    r"|\{[^{}]*\}"  # {x}
    r"|<[^<>]*>"  # HTML tags and their attributes
    r"|&\w+;"  # HTML entities
    r"|\b[a-z]+://\S*"  # URLs, https://
    r"|\S+@\S+"  # email addresses
    r"|“[^”]*”|\"[^\"]*\"|‘[^’]*’|「[^」]*」"  # literals in quotes
)
# Identifiers are code, not English: snake_case, camelCase, r.drop, --flags, /paths, A:B.
IDENTIFIER = re.compile(
    r"^(?:\w*_\w*|[a-z]+[A-Z]\w*|[A-Z][a-z]+[A-Z]\w*|\w+\.\w+|--?[\w-]+|/[\w/.-]*|\w+:\w+)$")


def catalogue():
    """{(context, msgid): [msgstr, ...]} of every translated entry."""
    with MO.open("rb") as f:
        raw = gettext.GNUTranslations(f)._catalog
    entries = {}
    for key, msgstr in raw.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid:  # the header
            continue
        context, _, msgid = msgid.rpartition("\x04")
        entries.setdefault((context, msgid), []).append(msgstr)
    return entries


def addresses_the_person_as_ni(text):
    return "你" in text


def has_an_ascii_full_stop(text):
    """An English full stop ending a Chinese sentence, or right after a Chinese character."""
    if not re.search(CJK, text):
        return False
    return text.rstrip().endswith(".") and not text.rstrip().endswith("...") or bool(
        re.search(CJK + r"\.(?!\.)", text))


def doubled_punctuation(text):
    """。。 or .. (a date ending in "a.m." before a full stop); an ellipsis "..." is fine."""
    return bool(re.search(r"[。．]\s*[。．.]|\.\s*。|(?<!\.)\.\.(?!\.)", text))


def english_words(text):
    """The Latin words of three letters or more a Chinese reader would have to translate
    (in a msgstr with no Chinese at all too: an entry copied over untranslated)."""
    prose = NOT_PROSE.sub(" ", text)
    words = []
    for token in re.split(r"[\s，。、；：？！（）《》【】,;()!?“”\"'’]+", prose):
        token = token.strip(".")
        if not token or IDENTIFIER.match(token):
            continue
        for word in re.findall(r"[A-Za-z]{3,}", token):
            if word not in CODES and word not in NAMES and not IDENTIFIER.match(word):
                words.append(word)
    return words


def offending(check):
    return sorted(f"{msgid!r} -> {msgstr!r}" for (_, msgid), msgstrs in catalogue().items()
                  for msgstr in msgstrs if check(msgstr))


def test_the_product_addresses_the_person_as_nin_never_ni():
    assert offending(addresses_the_person_as_ni) == []


def test_a_chinese_sentence_ends_with_a_chinese_full_stop():
    assert offending(has_an_ascii_full_stop) == []


def test_no_full_stop_is_doubled():
    assert offending(doubled_punctuation) == []


def test_no_english_word_is_left_in_a_chinese_sentence():
    assert offending(english_words) == []


@pytest.mark.parametrize(("text", "check"), [
    ("谢谢：你的答案已提交", addresses_the_person_as_ni),
    ("您已提交答案.", has_an_ascii_full_stop),
    ("您已提交答案. 谢谢。", has_an_ascii_full_stop),
    ("您已于 2026年12月6日 4:24 a.m.. 提交", doubled_punctuation),
    ("答案已提交。。", doubled_punctuation),
    ("请查看 errors。", english_words),
    ("Cronbach's alpha", lambda text: english_words("系数：" + text)),
    ("已提交 %(count)s 份 answers。", english_words),
    ("Log in", english_words),
])
def test_the_checks_catch_what_they_are_for(text, check):
    assert check(text)


@pytest.mark.parametrize(("text", "check"), [
    ("只支持 userName eq \"...\" 两种筛选。", doubled_punctuation),
    ("您已于 %(at)s 提交 %(name)s。", english_words),
    ("请在 <a href=\"%(url)s\">API 文档</a> 中查看 SCIM 设置。", english_words),
    ("表头须包含“employee_id”“criterion”两列，日期格式为 YYYY-MM-DD。", english_words),
    ("r.drop，%(name)s（n=%(n)s）", english_words),
    ("请写成 CODE:NUMBER 格式，或使用 --create-employees。", english_words),
    ("Cronbach's α 系数", english_words),
    ("API", english_words),
])
def test_the_checks_leave_names_codes_and_literals_alone(text, check):
    assert not check(text)
