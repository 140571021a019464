from django.core.management.base import BaseCommand, CommandError

from assessments.banks import dump_version
from assessments.models import BankVersion


class Command(BaseCommand):
    help = "Write a question bank version to stdout as JSON (DESIGN.md §3); the latest by default."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # DESIGN.md names the option --version, which Django's own --version would shadow.
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
