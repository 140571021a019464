from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api import tokens
from api.models import Scope


class Command(BaseCommand):
    help = ("Create an API token that acts as USERNAME, with the given scopes. The token "
            "is printed once; only its hash is kept.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scope", action="append", dest="scopes", required=True,
                            choices=Scope.values, help="repeat for several scopes")
        parser.add_argument("--name", default="", help="which system uses it (default: "
                                                        "the command line)")
        parser.add_argument("--days", type=int, default=90,
                            help=f"days until it expires (at most "
                                 f"{settings.API_TOKEN_MAX_DAYS}; default 90)")

    def handle(self, *args, username, scopes, name, days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no login named {username!r}")
        try:
            token, raw = tokens.issue(user, name=name or "created with manage.py",
                                      scopes=scopes, days=days)
        except ValidationError as problems:
            raise CommandError("; ".join(
                f"{field}: {' '.join(errors)}" for field, errors in problems.message_dict.items()
            )) from None
        self.stderr.write(f"Token {token.prefix}… for {username}, scopes "
                          f"{' '.join(token.scopes)}, expires {token.expires_at:%Y-%m-%d}. "
                          "It is shown only now:")
        self.stdout.write(raw)
