import contextlib
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments import tasks
from assessments.management.arguments import campaign_from
from assessments.models import ScoringRun
from assessments.services import scoring_runs


class Command(BaseCommand):
    help = (
        "Score every submitted assessment of a campaign. By default the run is queued for "
        "the Celery workers; --wait also follows its progress; --sync scores it here."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="campaign name (or id)")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--wait", action="store_true",
                          help="queue the run and show its progress until it ends")
        mode.add_argument("--sync", action="store_true",
                          help="score in this process with the workers' code; no worker needed")
        parser.add_argument("--poll", type=float, default=0.5,
                            help="seconds between progress checks with --wait (default 0.5)")

    def handle(self, *args, **options):
        campaign = campaign_from(options["campaign"])
        if options["sync"]:
            run = scoring_runs.create_run(campaign)
            # A run whose norms cannot be fitted is closed as failed; the report says why.
            with contextlib.suppress(scoring_runs.NormsUnavailable):
                scoring_runs.run_sync(run)
            run.refresh_from_db()
        else:
            with transaction.atomic():
                run = tasks.start_run(campaign)
            if not options["wait"]:
                self.stdout.write(f"Queued scoring run {run.pk} for {campaign}.")
                return
            run = self._follow(run, options["poll"])
        self._report(run)

    def _follow(self, run, poll):
        while True:
            run.refresh_from_db()
            self.stdout.write(
                f"\rrun {run.pk}: {run.get_status_display().lower()}, "
                f"{run.done} of {run.total} scored, {run.failed} failed ({run.percent}%)",
                ending="",
            )
            self.stdout.flush()
            if not run.is_active:
                self.stdout.write("")
                return run
            time.sleep(poll)

    def _report(self, run):
        summary = (f"Run {run.pk} {run.get_status_display().lower()}: {run.done} of "
                   f"{run.total} scored, {run.failed} failed.")
        if run.status == ScoringRun.Status.FAILED:
            # The words HR reads, then the stored details for whoever runs the command.
            raise CommandError(f"{summary} {run.problem} ({run.error})")
        self.stdout.write(summary)
        if run.failed:
            self.stderr.write(f"{run.problem} ({run.error})")
        if run.norm_group and run.norm_group.provisional:
            group = run.norm_group
            self.stdout.write(
                f"Norms {group.name} v{group.number} rest on {group.n} people: provisional "
                f"(fewer than {run.spec.engine().provisional_norm_n})."
            )
