from django.core.management.base import BaseCommand, CommandError

from assessments.models import Campaign, Result, ResultSummary, Scale
from assessments.models.summaries import rebuild


class Command(BaseCommand):
    help = ("Rebuild the results' read model (one summary row per result, "
            "assessments/models/summaries.py) from the results, their assignments and their "
            "bank versions' scales. Safe to run at any time and as often as wanted: rows are "
            "written in chunks, each in its own transaction, and a second run writes the "
            "same rows. Every write of a result already keeps its summary; this is for "
            "after an upgrade, a restore, or a doubt.")

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, action="append", dest="campaigns",
                            metavar="ID", help="only this campaign's results (repeatable)")
        parser.add_argument("--chunk", type=int, default=2000,
                            help="results per transaction (default 2000)")

    def handle(self, *args, campaigns, chunk, **options):
        if chunk < 1:
            raise CommandError(f"--chunk must be at least 1 (got {chunk}).")
        if campaigns is not None:
            # Every id is checked before anything is written.
            found = set(Campaign.objects.filter(pk__in=campaigns).values_list("pk", flat=True))
            missing = sorted(set(campaigns) - found)
            if missing:
                raise CommandError(
                    f"No campaign has the id {', '.join(map(str, missing))}; nothing was "
                    "written.")

        def progress(done, total):
            self.stdout.write(f"{done}/{total} results")

        written = rebuild(Result, ResultSummary, Scale, campaign_ids=campaigns, chunk=chunk,
                          progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {written} result summaries."))
