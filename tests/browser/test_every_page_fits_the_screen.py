"""Every page each role reaches from their home page fits a phone (375 px) and a laptop
(1280 px) in both languages: the body never scrolls sideways (wide tables scroll inside
their own box), and on a laptop the navigation stays on one line or folds behind its
button. Measured on the demo organisation, as a new user would first see it."""

import pytest
from django.core.management import call_command

from talent.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ("employee", "manager", "hr", "bankadmin", "admin")
# Downloads, the Django admin (its own layout) and leaving are not pages to measure.
SKIP = ("/admin/", "/accounts/logout", ".csv", ".json", ".xlsx", "/download/", "/export")
# Lists whose own links are measured too: the bank editor's versions and their pages.
DEEPER = ("/assessments/banks/",)


def _pages(page):
    hrefs = page.eval_on_selector_all(
        "a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
    return sorted({h.split("#")[0] for h in hrefs if h and not any(s in h for s in SKIP)})


def _overflow(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _culprit(page):
    """The first element sticking out of the page outside a box that scrolls on its own."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        for (const e of document.querySelectorAll("body *")) {
            if (e.getBoundingClientRect().right > width + 1 && !e.closest(".table-responsive")
                || (getComputedStyle(e).position === "absolute"
                    && e.getBoundingClientRect().right > width + 1))
                return `${e.tagName}.${e.className} "${(e.textContent || "").trim().slice(0, 40)}"`;
        }
        return "";
    }""")


PHONE, LAPTOP = 375, 1280
# Two animation frames: the charts redraw for the new width on the first.
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def test_no_page_scrolls_sideways_for_any_role_in_either_language(page, live_server, signed_in):
    # Each page is loaded once, at a phone's width (charts size themselves when a page
    # loads), measured, then widened to a laptop's and measured again.
    call_command("seed_demo", verbosity=0)
    too_wide, nav_lines = [], []
    for username in ROLES:
        for language in ("en", "zh-hans"):
            signed_in(User.objects.get(username=username), language)
            page.set_viewport_size({"width": LAPTOP, "height": 900})
            page.goto("/")
            paths = ["/", *_pages(page)]
            height = page.evaluate("() => document.querySelector('nav.navbar')"
                                   ".getBoundingClientRect().height")
            if height > 80:  # one line of links is about 56 px
                nav_lines.append((username, language, height))
            for path in paths:
                page.set_viewport_size({"width": PHONE, "height": 900})
                page.goto(path)
                if path in DEEPER:
                    paths += [p for p in _pages(page) if p not in paths]
                for width in (PHONE, LAPTOP):
                    page.set_viewport_size({"width": width, "height": 900})
                    page.evaluate(SETTLED)
                    if _overflow(page) > 0:
                        too_wide.append((username, language, path, width, _overflow(page),
                                         _culprit(page)))
    assert too_wide == [], "\n".join(map(str, too_wide))
    assert nav_lines == [], "\n".join(map(str, nav_lines))
