from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.services.response_import import (
    IMPORTED_DEPARTMENT,
    ResponseImportError,
    import_responses,
)


class Command(BaseCommand):
    help = (
        "Import historical answers from a wide CSV (employee_id, then one column per item "
        "code; an empty cell is a missing answer; an optional language column, en or "
        "zh-hans, records the language answered in) as submitted assignments of a campaign, "
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
        if summary.campaign_created:
            message = _('Campaign "%(name)s" (%(version)s) created: %(assignments)s submitted '
                        "assignments, %(answers)s answers.")
        else:
            message = _('Campaign "%(name)s" (%(version)s) added to: %(assignments)s submitted '
                        "assignments, %(answers)s answers.")
        self.stdout.write(self.style.SUCCESS(message % {
            "name": summary.campaign.name, "version": summary.campaign.bank_version,
            "assignments": summary.assignments, "answers": summary.answers,
        }))
        if summary.employees_created:
            self.stdout.write(_(
                "%(n)s employees created in department %(code)s; complete their records."
            ) % {"n": summary.employees_created, "code": IMPORTED_DEPARTMENT[0]})
