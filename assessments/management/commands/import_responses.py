from django.core.management.base import BaseCommand, CommandError

from assessments.response_import import (
    IMPORTED_DEPARTMENT,
    ResponseImportError,
    import_responses,
)


class Command(BaseCommand):
    help = (
        "Import historical answers from a wide CSV (employee_id, then one column per item "
        "code; an empty cell is a missing answer) as submitted assignments of a campaign, "
        "which is created if missing. All or nothing: any problem is reported by row and "
        "column and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv")
        parser.add_argument(
            "--bank", required=True, metavar="CODE[:VERSION]",
            help="The question bank and version the columns belong to; without a version, "
                 "the campaign's own, else the latest published one. Drafts are refused.",
        )
        parser.add_argument("--campaign", required=True, metavar="NAME")
        parser.add_argument(
            "--create-employees", action="store_true",
            help="Create employees the organisation lacks, in department "
                 f"{IMPORTED_DEPARTMENT[0]} ({IMPORTED_DEPARTMENT[1]}), named by their id.",
        )

    def handle(self, *args, file, bank, campaign, create_employees, **options):
        try:
            summary = import_responses(file, bank, campaign, create_employees=create_employees)
        except ResponseImportError as exc:
            raise CommandError(exc.report()) from None
        verb = "created" if summary.campaign_created else "added to"
        self.stdout.write(self.style.SUCCESS(
            f'Campaign "{summary.campaign.name}" ({summary.campaign.bank_version}) {verb}: '
            f"{summary.assignments} submitted assignments, {summary.answers} answers."
        ))
        if summary.employees_created:
            self.stdout.write(
                f"{summary.employees_created} employees created in department "
                f"{IMPORTED_DEPARTMENT[0]}; complete their records."
            )
