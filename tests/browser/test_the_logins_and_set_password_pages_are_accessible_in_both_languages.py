"""HR's Logins page (each of its lists, with people on them) and the page where a new
person chooses a password from their invitation, in English and in Chinese on a
phone-sized screen: axe finds nothing serious and nothing scrolls sideways. (The
provisioning journey, tests/browser/test_a_new_person_is_invited_signs_in_and_leaves.py,
checks them in English at desktop width.)"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from talent import accounts, invitations
from talent.models import Employee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"logins": "Logins", "choose": "Choose your password"},
    "zh-hans": {"logins": "登录账号", "choose": "设置您的密码"},
}


def fits_a_phone(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_logins_and_set_password_pages_pass_axe_and_fit_375_px(
        language, hr, org, page, live_server, signed_in, axe_violations):
    words, seen = WORDS[language], []
    invited = Employee.objects.create(employee_id="N1", name="Nora New",
                                      email="nora.new@example.com", department=org["UW"])
    [login] = accounts.provision_logins([invited.pk])
    Employee.objects.create(employee_id="N2", name="No Mail", email="", department=org["UW"])
    Employee.objects.create(employee_id="N3", name="Later Login", email="later@example.com",
                            department=org["UW"])
    page.set_viewport_size({"width": 375, "height": 800})

    signed_in(hr, language)
    for state in ("awaiting", "failed", "without_login", "unreachable"):
        page.goto(f"/org/logins/?state={state}")
        expect(page.get_by_role("heading", name=words["logins"], level=1)).to_be_visible()
        seen.append((state, axe_violations(), fits_a_phone(page)))

    page.context.clear_cookies()
    page.context.add_cookies([{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language,
                               "url": live_server.url}])
    page.goto(urlsplit(invitations.invitation_link(login)).path)
    expect(page.get_by_role("heading", name=words["choose"], level=1)).to_be_visible()
    seen.append(("set password", axe_violations(), fits_a_phone(page)))

    assert [(where, problems, fits) for where, problems, fits in seen
            if problems or not fits] == []
