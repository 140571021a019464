from django.urls import reverse

from tests.conftest import PASSWORD


def post_login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_a_correct_password_logs_in_and_lands_on_home(client, employee):
    response = post_login(client, "employee", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_wrong_password_gives_a_clear_error_and_no_session(client, employee):
    response = post_login(client, "employee", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_that_account_on_that_address(client, employee, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "employee", "wrong")
    response = post_login(client, "employee", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_a_locked_account_does_not_lock_out_other_users(client, employee, other_employee,
                                                      settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        post_login(client, "employee", "wrong")
    response = post_login(client, "other_employee", PASSWORD)
    assert response.status_code == 302


def test_a_locked_account_can_still_log_in_from_its_own_other_device(client, employee,
                                                                  settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "employee", "wrong", ip="10.0.0.66")
    assert post_login(client, "employee", PASSWORD, ip="10.0.0.7").status_code == 302


def test_logging_out_ends_the_session(client_for, employee):
    client = client_for(employee)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
