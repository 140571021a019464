"""The history form's revert writes only for those who may change the object now."""

import pytest
from django.urls import reverse

from assessments.models import QuestionBank


def history_form(obj, model):
    record = type(obj).history.filter(id=obj.pk).earliest("history_date")
    return reverse(f"admin:assessments_{model}_simple_history",
                   args=[obj.pk, record.history_id])


def renamed_bank_form(bank, name):
    return {"code": bank.code, "name_en": name, "name_zh_hans": "改名",
            "description_en": "", "description_zh_hans": ""}


def test_hr_cannot_rename_a_bank_through_its_history(hr, client_for, draft):
    bank = draft.bank
    before = bank.name
    url = history_form(bank, "questionbank")
    client = client_for(hr)
    assert client.get(url).status_code == 200  # HR may look at earlier states

    response = client.post(url, renamed_bank_form(bank, "Renamed by HR"))

    assert response.status_code == 403
    bank.refresh_from_db()
    assert bank.name == before


def test_a_bank_admin_can_restore_an_earlier_state_of_a_bank(bank_admin, client_for, draft):
    bank = draft.bank
    response = client_for(bank_admin).post(history_form(bank, "questionbank"),
                                           renamed_bank_form(bank, "Restored"))
    assert response.status_code == 302
    assert QuestionBank.objects.get(pk=bank.pk).name["en"] == "Restored"


def test_hr_cannot_revert_a_draft_item_or_version(hr, client_for, draft):
    item = draft.items.get(code="EXE01")
    client = client_for(hr)
    response = client.post(history_form(item, "item"), {
        "version": draft.pk, "scale": item.scale_id, "code": "HACKED", "order": 1,
        "text_en": "x", "text_zh_hans": "x", "min_value": 1, "max_value": 5})
    assert response.status_code == 403
    assert draft.items.filter(code="HACKED").count() == 0
    response = client.post(history_form(draft, "bankversion"), {"changelog": "HR was here"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.changelog != "HR was here"


@pytest.mark.parametrize("who", ["hr", "bank_admin", "superuser"])
def test_reverting_a_published_version_is_refused_clearly(who, cast, client_for, draft):
    from assessments.services.banks import publish

    published = publish(draft)  # its first history record is still a draft
    url = history_form(published, "bankversion")

    response = client_for(cast[who]).post(url, {"changelog": "Rewritten"}, follow=True)

    published.refresh_from_db()
    assert published.changelog != "Rewritten"
    if who == "hr":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse(
            "admin:assessments_bankversion_history", args=[published.pk])
        assert "cannot be changed any more" in response.content.decode()


def test_reverting_an_item_of_a_published_version_is_refused(bank_admin, client_for, published):
    item = published.items.get(code="EXE01")
    response = client_for(bank_admin).post(history_form(item, "item"), {
        "version": published.pk, "scale": item.scale_id, "code": "EXE01", "order": 1,
        "text_en": "Changed", "text_zh_hans": "改", "min_value": 1, "max_value": 5})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text["en"] != "Changed"
