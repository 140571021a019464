from django.core.management.base import BaseCommand, CommandError

from assessments.services.erasure import ErasureRefused, erase_person, erasure_preview
from talent.models import Employee


class Command(BaseCommand):
    help = ("Erase one person who has left (GDPR Art. 17): their answers, results, reviews, "
            "contests, messages, exports that may list them and their login. A tombstone "
            "keeps when, by whom (here: an operator) and why (docs/privacy.md).")

    def add_arguments(self, parser):
        parser.add_argument("employee_id", help="the employee id, as in the HR system")
        parser.add_argument("--reason", required=True,
                            help="why, e.g. the person's request and its date")
        parser.add_argument("--yes", action="store_true",
                            help="do not ask for confirmation")

    def handle(self, *args, employee_id, reason, yes, **options):
        employee = Employee.objects.filter(employee_id=employee_id).first()
        if employee is None:
            raise CommandError(f"There is no employee {employee_id!r}.")
        preview = erasure_preview(employee)
        self.stdout.write(
            f"{employee.name} ({employee.employee_id}): {preview['assignments']} assignments, "
            f"{preview['results']} results, {preview['outcomes']} outcome ratings, "
            f"{preview['exports']} exports that may list them, "
            f"{'a login' if preview['login'] else 'no login'}.")
        if not yes:
            answer = input("Erase them for good? Type the employee id to confirm: ")
            if answer.strip() != employee_id:
                raise CommandError("Not confirmed; nothing was erased.")
        try:
            tombstone = erase_person(employee.pk, by=None, reason=reason)
        except ErasureRefused as refused:
            raise CommandError(" ".join(str(m) for m in refused.messages)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Erased: erasure record {tombstone.pk}; removed {tombstone.removed}."))
