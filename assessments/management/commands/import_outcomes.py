from django.core.management.base import BaseCommand, CommandError

from talent.org_import import FileTooLarge, check_size

from ...services.outcome_import import import_outcomes, plan_import


class Command(BaseCommand):
    help = ("Record outcome ratings from a CSV with the columns employee_id, criterion, "
            "date, value (see docs/evidence.md). All rows or none: a file with any error "
            "records nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8")
        parser.add_argument("--dry-run", action="store_true",
                            help="check and report, write nothing")

    def handle(self, *args, file, dry_run, **options):
        try:
            check_size(file)
            with open(file, "rb") as binary_file:
                plan = plan_import(binary_file) if dry_run else import_outcomes(binary_file)
        except FileTooLarge as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        if not plan.ok:
            for error in plan.errors:
                where = f"row {error.row}" if error.row else "file"
                column = f", {error.column}" if error.column else ""
                self.stderr.write(f"{where}{column}: {error.message}")
            if plan.error_count > len(plan.errors):
                self.stderr.write(f"… and {plan.error_count - len(plan.errors)} more errors")
            errors = "1 error" if plan.error_count == 1 else f"{plan.error_count} errors"
            raise CommandError(f"{errors} in {file}; nothing was recorded.")
        for code, n in sorted(plan.per_criterion.items()):
            self.stdout.write(f"{code}: {n} rating{'' if n == 1 else 's'}")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Recorded {plan.rows} ratings from {file}."))
