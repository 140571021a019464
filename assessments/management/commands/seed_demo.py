from django.core.management.base import BaseCommand

from assessments.demo import seed_assessments
from talent.demo import DEMO_PASSWORD, ROLE_USERS, seed_organisation


class Command(BaseCommand):
    help = "Load the demo organisation, question bank and answers. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=300)

    def handle(self, *args, employees, **options):
        org = seed_organisation(n_employees=employees)
        self.stdout.write(
            f"Organisation: {org['departments']} departments, {org['positions']} positions, "
            f"{org['employees']} employees."
        )
        for line in seed_assessments():
            self.stdout.write(line)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username in ROLE_USERS:
            self.stdout.write(f"  {username}")
