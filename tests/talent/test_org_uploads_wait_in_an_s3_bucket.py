"""With PRIVATE_STORAGE=s3, an organisation file HR uploads waits for its check and HR's
confirmation as a private object in the bucket (any web or worker host reads it), never on
a web host's disk, and the object is deleted once the file is imported."""

from talent.models import Employee, OrgImport
from tests.s3_bucket import keys

from .org_csv import confirm, csv_bytes, small_org, upload


def test_an_upload_is_an_object_until_it_is_imported(bucket, hr, client_for, settings):
    client = client_for(hr)
    preview = upload(client, csv_bytes(small_org()))
    job = OrgImport.objects.get()
    assert job.status == OrgImport.Status.READY
    assert keys(bucket) == [job.file.name] and job.file.name.startswith("org-imports/")
    assert not settings.PRIVATE_MEDIA_ROOT.exists() or not any(
        settings.PRIVATE_MEDIA_ROOT.rglob("*.csv")), "nothing on the web host's disk"

    done = confirm(client, preview)
    assert "Imported 3 rows." in done.content.decode()
    assert Employee.objects.filter(employee_id__in=["E1", "E2", "E3"]).count() == 3
    assert keys(bucket) == []
