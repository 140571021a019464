"""HR issues a token on the integrations page (shown once), lists and revokes it; nobody
else may."""

import pytest

from api.models import ApiToken


def test_hr_creates_a_token_and_sees_it_once(hr, client_for):
    client = client_for(hr)
    response = client.post("/integrations/tokens/", {
        "username": "hr", "name": "BI nightly", "scopes": ["results:read"], "days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(token.prefix) and token.created_by == hr
    page = client.get("/integrations/tokens/").content.decode()
    assert "BI nightly" in page and secret not in page


@pytest.mark.parametrize("data, field", [
    ({"username": "nobody", "name": "x", "scopes": ["org:read"], "days": "30"}, "username"),
    ({"username": "hr", "name": "x", "scopes": ["root"], "days": "30"}, "scopes"),
    ({"username": "hr", "name": "x", "scopes": [], "days": "30"}, "scopes"),
    ({"username": "hr", "name": "x", "scopes": ["org:read"], "days": "0"}, "days"),
    ({"username": "root", "name": "x", "scopes": ["org:read"], "days": "30"}, "username"),
])
def test_a_bad_token_form_says_why_and_creates_nothing(hr, superuser, client_for, data, field):
    response = client_for(hr).post("/integrations/tokens/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_hr_revokes_a_token(hr, client_for, token_for):
    token_for(hr)
    token = ApiToken.objects.get()
    token.created_by = hr
    token.save()
    response = client_for(hr).post(f"/integrations/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None


@pytest.mark.parametrize("role", ["employee", "manager", "bank_admin", "outsider"])
def test_only_hr_and_superusers_manage_tokens(cast, client_for, token_for, role):
    token_for(cast["hr"])
    client = client_for(cast[role])
    assert client.get("/integrations/tokens/").status_code == 403
    assert client.post(f"/integrations/tokens/{ApiToken.objects.get().pk}/revoke/"
                       ).status_code == 403
    assert ApiToken.objects.get().revoked_at is None
