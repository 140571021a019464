"""Re-importing a bank with another name names the new version; the versions already
published keep the name they were published with."""

from django.urls import reverse

from assessments.models import QuestionBank
from assessments.services.bank_files import export_version, import_bank
from assessments.services.banks import publish, start_draft_from

from .conftest import small_bank

RENAMED = {"en": "Renamed bank", "zh-hans": "改名的题库"}


def test_a_reimport_with_a_new_name_leaves_published_versions_alone(db, bank_admin,
                                                                     client_for):
    first = import_bank(small_bank(), publish_it=True)
    second = import_bank(dict(small_bank(), name=RENAMED, version=2))

    first.refresh_from_db()
    assert first.name_in("en") == "Mini bank"
    assert export_version(first)["name"]["en"] == "Mini bank"
    assert second.name_in("en") == "Renamed bank"
    assert export_version(second)["name"] == RENAMED
    # The bank row is not rewritten behind the published version's back.
    assert QuestionBank.objects.get().name["en"] == "Mini bank"
    preview = client_for(bank_admin).get(
        reverse("assessments:bank_preview", args=[first.pk]) + "?lang=en")
    assert "<h1 class=\"h3\">Mini bank</h1>" in preview.content.decode()


def test_publishing_freezes_the_name_a_version_shows(db):
    version = import_bank(small_bank(), publish_it=True)
    bank = version.bank
    bank.name = RENAMED
    bank.save()
    version.refresh_from_db()
    assert version.name_in("en") == "Mini bank"
    draft = start_draft_from(version)
    assert draft.name_in("en") == "Mini bank"


def test_a_draft_without_a_name_of_its_own_shows_the_banks(db):
    version = import_bank(small_bank())
    type(version).objects.filter(pk=version.pk).update(name={}, description={})
    version.refresh_from_db()
    version.bank.name = RENAMED
    version.bank.save()
    assert version.name_in("en") == "Renamed bank"
    assert publish(version).name == RENAMED
