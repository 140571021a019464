"""The rush benchmark's client: one person in a browser, over loopback HTTP. Both loops
play people with it, so that what they time is the same requests: http.client, a new
connection per request (as bench_answers), with the headers, cookies, CSRF tokens and
htmx fields the real pages and questionnaire.js send, each page's static files loaded
once (a browser caches them).

A request is an error when its status is not the one the page answers a browser with,
when it redirects elsewhere, or when the connection fails; a person stops at their first
error (Failed). Every request's latency and error go to the Timings of its loop.
"""

import http.client
import re
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from .people import PASSWORD

CHANGE_OF_MIND = 0.2  # answers chosen again with another value
TIMEOUT = 120  # seconds a request may wait for its answer before it counts as failed
# In the order a person meets them.
ENDPOINTS = (
    "login page",
    "login",
    "home",
    "static",
    "entry",
    "notice",
    "acknowledge",
    "page load",
    "autosave",
    "next page",
    "submit",
    "submitted",
    "report",
)

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEQUENCE = re.compile(r'data-sequence="(\d+)"')
CHOICE = re.compile(r'type="radio" name="item-(\d+)" id="[^"]*" value="(-?\d+)"')
STATIC_FILE = re.compile(r'(?:href|src)="(/static/[^"?#]+)"')
PAGE_NUMBER = re.compile(r"/page/(\d+)/$")


class Failed(Exception):
    """A request answered otherwise than a browser expects, or not at all."""


class TimeUp(Exception):
    """The step is over: the person sends nothing more."""


class Timings:
    """Each endpoint's latencies and errors. With `since` (time.monotonic()), the latency
    of a request sent before it is not kept (its error is)."""

    def __init__(self, since=None):
        self.lock, self.since = threading.Lock(), since
        self.latencies = {name: [] for name in ENDPOINTS}
        self.errors = dict.fromkeys(ENDPOINTS, 0)

    def record(self, endpoint, milliseconds, ok):
        timed = self.since is None or time.monotonic() - milliseconds / 1000 >= self.since
        with self.lock:
            if timed:
                self.latencies[endpoint].append(milliseconds)
            self.errors[endpoint] += not ok


class Browser:
    """One person's cookies, and their requests with the headers a browser sends. With a
    `deadline` (time.monotonic()), nothing is sent after it (TimeUp)."""

    def __init__(self, port, timings, deadline=None):
        self.port, self.timings, self.cookies = port, timings, {}
        self.origin = f"http://127.0.0.1:{port}"
        self.deadline, self.cached = deadline, set()

    def get(self, endpoint, path, expect=200, location=None):
        return self._send(endpoint, "GET", path, None, {}, expect, location)

    def post(self, endpoint, path, fields, expect=302, location=None, headers=None):
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin,
            **(headers or {}),
        }
        return self._send(endpoint, "POST", path, urlencode(fields), headers, expect, location)

    def load_static(self, html):
        """The page's stylesheets, scripts and icon, each once (then the browser's cache
        has them: the names carry their content's hash)."""
        for path in STATIC_FILE.findall(html):
            if path not in self.cached:
                self.get("static", path)
                self.cached.add(path)

    def pause(self, seconds):
        """The person reads and chooses; TimeUp if the step ends first."""
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= seconds:
                time.sleep(max(0.0, left))
                raise TimeUp
        time.sleep(seconds)

    def _send(self, endpoint, method, path, body, headers, expect, location):
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise TimeUp
        headers = {"Accept-Language": "en", **headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                text = response.read().decode(errors="replace")
            finally:
                conn.close()
        except (OSError, http.client.HTTPException) as error:
            self.timings.record(endpoint, (time.perf_counter() - started) * 1000, False)
            raise Failed(f"{method} {path}: {error!r}") from error
        elapsed = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        where = urlsplit(response.getheader("Location", "")).path
        ok = response.status == expect and (location is None or where == location)
        self.timings.record(endpoint, elapsed, ok)
        if not ok:
            raise Failed(f"{method} {path}: {response.status} {where}".strip())
        return response, text


def _token(html, path):
    found = CSRF_INPUT.search(html)
    if found is None:
        raise Failed(f"{path}: no CSRF token on the page")
    return found.group(1)


def login_and_answer(port, timings, username, assignment_id, rng, acknowledged, submitted):
    """One person's rush with no pause, from the login page to their report (the closed
    loop, and the open loop's logins before its steps). `acknowledged` gets
    {(assignment id, item id): value} of each answer as its save is acknowledged (the
    last one wins), `submitted` the assignment once its submission is."""
    browser = Browser(port, timings)
    base = f"/assessments/assignments/{assignment_id}/"
    __, html = browser.get("login page", "/accounts/login/")
    browser.post(
        "login",
        "/accounts/login/",
        {
            "csrfmiddlewaretoken": _token(html, "/accounts/login/"),
            "username": username,
            "password": PASSWORD,
            "next": "",
        },
        location="/",
    )
    __, html = browser.get("home", "/")
    if f'href="{base}"' not in html:
        raise Failed("/: the home page does not link to the assignment")
    browser.get("entry", base, expect=302, location=f"{base}notice/")
    __, html = browser.get("notice", f"{base}notice/")
    browser.post(
        "acknowledge",
        f"{base}notice/",
        {"csrfmiddlewaretoken": _token(html, f"{base}notice/")},
        location=base,
    )
    browser.get("entry", base, expect=302, location=f"{base}page/1/")
    _answer_pages(browser, assignment_id, 1, rng, lambda: None, acknowledged, submitted)
    browser.get("submitted", f"{base}submitted/")
    browser.get("report", f"{base}report/")


def answer_signed_in(port, timings, person, rng, think, deadline, acknowledged, submitted):
    """One person, from the home page of a signed-in browser to the submitted page, with
    a pause of `think` (low, high) seconds before each click; TimeUp when the step ends."""
    browser = Browser(port, timings, deadline)
    browser.cookies[_session_cookie()] = person.session
    base = f"/assessments/assignments/{person.assignment_id}/"
    __, html = browser.get("home", "/")
    browser.load_static(html)
    if f'href="{base}"' not in html:
        raise Failed("/: the home page does not link to the assignment")
    response, __ = browser.get("entry", base, expect=302)
    where = urlsplit(response.getheader("Location", "")).path
    if where == f"{base}notice/":
        __, html = browser.get("notice", where)
        browser.load_static(html)
        browser.pause(rng.uniform(*think))
        browser.post(
            "acknowledge", where, {"csrfmiddlewaretoken": _token(html, where)}, location=base
        )
        browser.get("entry", base, expect=302, location=f"{base}page/1/")
        number = 1
    elif found := PAGE_NUMBER.search(where):
        number = int(found.group(1))
    else:
        raise Failed(f"{base}: sent to {where!r}")
    _answer_pages(
        browser,
        person.assignment_id,
        number,
        rng,
        lambda: browser.pause(rng.uniform(*think)),
        acknowledged,
        submitted,
    )
    browser.get("submitted", f"{base}submitted/")


def _answer_pages(browser, assignment_id, number, rng, think, acknowledged, submitted):
    """From page `number` to Submit: load each page, save every answer as the page's
    script does (one in five chosen again with another value), press Next; `think()`
    before each click."""
    base = f"/assessments/assignments/{assignment_id}/"
    sequence = 0
    while True:
        path = f"{base}page/{number}/"
        __, html = browser.get("page load", path)
        browser.load_static(html)
        token = _token(html, path)
        # What questionnaire.js does: the counter goes on from the server's last one.
        found = SEQUENCE.search(html)
        sequence = max(sequence, int(found.group(1)) if found else 0)
        choices = {}
        for item, value in CHOICE.findall(html):
            choices.setdefault(int(item), []).append(int(value))
        if not choices:
            raise Failed(f"{path}: no questions on the page")
        form = {"csrfmiddlewaretoken": token}
        htmx = {"HX-Request": "true", "HX-Current-URL": browser.origin + path, "X-CSRFToken": token}
        for item, values in choices.items():
            picks = [rng.choice(values)]
            if rng.random() < CHANGE_OF_MIND:
                picks.append(rng.choice([v for v in values if v != picks[0]] or values))
            for value in picks:
                think()
                sequence += 1
                response, __ = browser.post(
                    "autosave",
                    f"{base}autosave/",
                    {
                        "item": item,
                        "value": value,
                        "sequence": sequence,
                        "seconds": f"{rng.uniform(2, 15):.1f}",
                    },
                    expect=200,
                    headers={
                        **htmx,
                        "HX-Target": f"status-{item}",
                        "HX-Trigger": f"q{item}-{value}",
                    },
                )
                sequence = max(sequence, int(response.getheader("X-Answer-Sequence") or 0))
                acknowledged[(assignment_id, item)] = value
            # The form as the page sends it: the choice, and the sequence of its save.
            form.update({f"shown-{item}": "", f"seq-{item}": sequence, f"item-{item}": value})
        think()
        if 'name="go" value="submit"' in html:
            browser.post("submit", path, {**form, "go": "submit"}, location=f"{base}submitted/")
            submitted.add(assignment_id)
            return
        browser.post(
            "next page", path, {**form, "go": "next"}, location=f"{base}page/{number + 1}/"
        )
        number += 1


def _session_cookie():
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME
