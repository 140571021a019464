"""Deployment checks for what a first production start gets wrong silently: links in
every invitation pointing at localhost, and mail handed to a relay that is not there
(every invitation then recorded as failed), and a secret left as .env.example has it.
`manage.py check --deploy` fails on them; compose's migrate service runs it before
migrating, so nothing of a wrongly configured first start comes up."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 (names, not a bind)


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    url = urlsplit(settings.SITE_URL)
    if (url.hostname or "") in LOCAL_HOSTS or url.hostname is None:
        return [checks.Error(
            f"SITE_URL is {settings.SITE_URL!r}: every invitation and reminder would link "
            "to it.", hint="Set SITE_URL to the address people open, e.g. "
            "https://talent.example.com.", id="talent.E101")]
    if url.scheme != "https":
        return [checks.Error(
            f"SITE_URL is {settings.SITE_URL!r}: links in emails must use https.",
            hint="Set SITE_URL to the https:// address of the site.", id="talent.E102")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_mail_is_configured(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    errors = []
    if not (settings.EMAIL_URL_GIVEN or settings.MAIL_PROVIDER):
        errors.append(checks.Error(
            "EMAIL_URL is not set: mail would go to an SMTP relay on localhost:25, which a "
            "container does not have, and every invitation would be recorded as failed.",
            hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.com:587, or "
            "MAIL_PROVIDER with the provider's ANYMAIL_ settings.",
            id="talent.E103"))
    sender = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">").lower()
    if sender in LOCAL_HOSTS or sender == "" or "." not in sender:
        errors.append(checks.Error(
            f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}: mail servers refuse "
            "or junk a sender at a local name.",
            hint="Set DEFAULT_FROM_EMAIL to an address of your domain, e.g. "
            "talent@example.com.", id="talent.E104"))
    return errors


PLACEHOLDER = "change-me"  # how .env.example marks every secret to replace


@checks.register(checks.Tags.security, deploy=True)
def check_no_example_secret_is_left(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    left = [name for name, value in (
        ("DJANGO_SECRET_KEY", settings.SECRET_KEY),
        ("POSTGRES_PASSWORD (in DATABASE_URL)", settings.DATABASES["default"].get("PASSWORD")),
        ("the password in EMAIL_URL",
         settings.MAILERS.get("default", {}).get("OPTIONS", {}).get("password")),
    ) if str(value or "").startswith(PLACEHOLDER)]
    if not left:
        return []
    return [checks.Error(
        f"{', '.join(left)} still hold{'s' if len(left) == 1 else ''} the .env.example "
        f"placeholder ({PLACEHOLDER}…): anyone who has read .env.example knows it.",
        hint="Replace every change-me value in .env with a secret of your own, e.g. python "
        "-c \"import secrets; print(secrets.token_urlsafe(50))\".", id="talent.E105")]
