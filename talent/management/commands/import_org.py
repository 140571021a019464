from django.core.management.base import BaseCommand, CommandError

from talent.org_import import FileTooLarge, check_size, import_org
from talent.tasks import invite_after_commit


class Command(BaseCommand):
    help = (
        "Import the organisation from an HR system's CSV export (see docs/org-import.md). "
        "All rows or none: a file with any error changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, write nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            check_size(file)
            with open(file, "rb") as binary_file:
                plan = import_org(binary_file, dry_run=dry_run)
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
            raise CommandError(f"{errors} in {file}; nothing was imported.")

        for label, counts in [("employees", plan.employees), ("departments", plan.departments),
                              ("positions", plan.positions)]:
            self.stdout.write(
                f"{label}: {counts.create} to create, {counts.update} to update, "
                f"{counts.unchanged} unchanged"
                if dry_run else
                f"{label}: {counts.create} created, {counts.update} updated, "
                f"{counts.unchanged} unchanged"
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        else:
            invite_after_commit(plan.provisioned_user_ids)
            self.stdout.write(
                f"logins: {len(plan.provisioned_user_ids)} created (set-password invitations "
                f"queued), {plan.deactivated} deactivated (sessions ended), "
                f"{plan.reactivated} reactivated"
            )
            self.stdout.write(self.style.SUCCESS(f"Imported {plan.rows} rows from {file}."))
