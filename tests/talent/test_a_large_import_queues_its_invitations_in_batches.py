"""The first import of a large organisation creates a login per person: their invitations
go to the workers in batches of 200 (not one message on the broker each), and every
person still gets exactly one."""

from celery.signals import task_prerun

from talent.models import LoginInvitation
from talent.tasks import INVITATIONS_PER_TASK

from .org_csv import confirm, csv_bytes, row, upload


def test_450_new_logins_are_invited_by_three_tasks_one_message_each(
        hr, client_for, mailoutbox):
    ran = []

    def count(sender=None, **kwargs):
        if sender.name == "talent.tasks.send_login_invitations":
            ran.append(len(kwargs["args"][0]))

    task_prerun.connect(count, weak=False, dispatch_uid="count-invitation-batches")
    try:
        client = client_for(hr)
        rows = [row(f"N{n:03d}", parent_department_code="") for n in range(450)]
        page = upload(client, csv_bytes(rows))
        assert "450 employee rows checked" in page.content.decode()
        confirm(client, page)
    finally:
        task_prerun.disconnect(dispatch_uid="count-invitation-batches")
    assert INVITATIONS_PER_TASK == 200 and ran == [200, 200, 50]
    assert LoginInvitation.objects.filter(status=LoginInvitation.Status.SENT).count() == 450
    assert len(mailoutbox) == 450
