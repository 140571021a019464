from django.core.management.base import BaseCommand, CommandError

from assessments.models import BankVersion
from assessments.services.bank_files import dump_version


class Command(BaseCommand):
    help = ("Write a question bank version to stdout as JSON (docs/bank-format.md); the latest "
            "by default.")

    def create_parser(self, prog_name, subcommand, **kwargs):
        # The documented option is --version, which Django's own --version would shadow.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("code", help="bank code, e.g. CORE")
        parser.add_argument("--version", type=int, dest="number",
                            help="version number (default: the latest)")

    def handle(self, *args, code, number, **options):
        versions = BankVersion.objects.filter(bank__code=code).select_related("bank")
        if number is not None:
            versions = versions.filter(number=number)
        version = versions.order_by("-number").first()
        if version is None:
            which = f"version {number} of " if number is not None else ""
            raise CommandError(f"There is no {which}bank {code!r}.")
        self.stdout.write(dump_version(version), ending="")
