import csv

from django.core.management.base import BaseCommand, CommandError

from assessments import services
from assessments.models import Campaign, ScoringSpec


class Command(BaseCommand):
    help = (
        "Write a campaign's results as CSV to standard output, one row per assessment "
        "(streamed: constant memory whatever the campaign's size)."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="campaign name (or id)")
        parser.add_argument("--spec", help="scoring spec hash (default: the latest run's)")

    def handle(self, *args, **options):
        try:
            campaign = services.find_campaign(options["campaign"])
        except Campaign.DoesNotExist as exc:
            raise CommandError(str(exc)) from None
        spec_row = None
        if options["spec"]:
            spec_row = ScoringSpec.objects.filter(hash__startswith=options["spec"]).first()
            if spec_row is None or len(options["spec"]) < 8:
                raise CommandError(f"no scoring spec with hash {options['spec']!r}")
        writer = csv.writer(self.stdout)
        for row in services.export_rows(campaign, spec_row):
            writer.writerow(row)
