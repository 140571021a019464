import csv

from django.core.management.base import BaseCommand, CommandError

from assessments.management.arguments import campaign_from
from assessments.models import ScoringSpec
from assessments.reports.results import export_rows


class Command(BaseCommand):
    help = (
        "Write a campaign's results as CSV to standard output, one row per assessment "
        "(streamed: constant memory whatever the campaign's size)."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="campaign name (or id)")
        parser.add_argument("--spec", help="scoring spec hash (default: the latest run's)")

    def handle(self, *args, **options):
        campaign = campaign_from(options["campaign"])
        spec = None
        if options["spec"]:
            spec = ScoringSpec.objects.filter(hash__startswith=options["spec"]).first()
            if spec is None or len(options["spec"]) < 8:
                raise CommandError(f"no scoring spec with hash {options['spec']!r}")
        writer = csv.writer(self.stdout)
        for row in export_rows(campaign, spec):
            writer.writerow(row)
