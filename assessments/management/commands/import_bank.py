from django.core.management.base import BaseCommand, CommandError

from assessments.services.bank_files import (
    BankFileError,
    BankFileUnchanged,
    import_bank,
    read_bank_file,
)


class Command(BaseCommand):
    help = (
        "Import a question bank from a JSON file (docs/bank-format.md) as a new version. A "
        "new code keeps the file's version number; for an existing code the file's number "
        "is used if it is above every existing version, otherwise the next one. Nothing is "
        "written unless the whole file is valid, nor when it is identical to the bank's "
        "newest version."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the bank JSON file")
        parser.add_argument(
            "--publish", action="store_true",
            help="publish the new version (refused, writing nothing, if it fails the checks)",
        )

    def handle(self, *args, file, publish, **options):
        try:
            version = import_bank(read_bank_file(file), publish_it=publish)
        except BankFileError as exc:
            raise CommandError(
                f"{file}: not imported, nothing was written.\n  " + "\n  ".join(exc.problems)
            ) from exc
        except BankFileUnchanged as unchanged:
            # Not a failure: the bank already holds this content, so a deployment script
            # that imports the same file on every run goes on.
            self.stdout.write(f"{unchanged.version.bank.code}: {unchanged.message}")
            return
        self.stdout.write(
            f"Imported {version.bank.code} version {version.number} ({version.status}): "
            f"{version.scales.count()} scales, {version.items.count()} items, "
            f"{version.pairs.count()} twin pairs."
        )
