import json

from django.core.management.base import BaseCommand

from assessments.management.arguments import campaign_from
from assessments.reports.item_analysis import item_analysis


class Command(BaseCommand):
    help = (
        "Reliability and item statistics of a campaign's submitted answers: per scale "
        "alpha, standardized alpha, omega total and n; per item r.drop and alpha if deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="campaign name (or id)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        campaign = campaign_from(options["campaign"])
        report = item_analysis(campaign)
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
            return
        for code, scale in report.items():
            self.stdout.write(
                f"{code}: n={scale['n']} alpha={_fmt(scale['alpha'])} "
                f"alpha_std={_fmt(scale['alpha_std'])} omega_total={_fmt(scale['omega_total'])}"
            )
            for item, stats in scale["items"].items():
                self.stdout.write(
                    f"  {item:<12} r_drop={_fmt(stats['r_drop'])} "
                    f"alpha_if_deleted={_fmt(stats['alpha_if_deleted'])}"
                )


def _fmt(x):
    return "-" if x is None else f"{x:.3f}"
