"""A production start with a secret still as .env.example has it ("change-me…": the
secret key, the database password, the mail password) fails `check --deploy`, naming
each; and compose's one-shot migrate service runs that check before migrating, so a
first `docker compose up` with any of the deployment checks failing starts nothing."""

import pytest
from ruamel.yaml import YAML

from tests.config.test_a_first_production_start_is_refused_when_mail_or_links_would_be_wrong import (  # noqa: E501
    GOOD,
    ROOT,
    deploy_check,
)

EXAMPLE = dict(line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
               if "=" in line and not line.startswith("#"))


@pytest.mark.parametrize("change, named", [
    ({"DJANGO_SECRET_KEY": EXAMPLE["DJANGO_SECRET_KEY"]}, "DJANGO_SECRET_KEY"),
    ({"DATABASE_URL": f"postgres://talent:{EXAMPLE['POSTGRES_PASSWORD']}@db:5432/talent"},
     "POSTGRES_PASSWORD"),
    ({"EMAIL_URL": EXAMPLE["EMAIL_URL"]}, "the password in EMAIL_URL"),
])
def test_each_example_secret_fails_the_check_by_name(change, named):
    result = deploy_check(**{**GOOD, **change})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "talent.E105" in output and named in output
    assert "Replace every change-me value in .env" in output


def test_secrets_of_ones_own_pass():
    result = deploy_check(**GOOD, DATABASE_URL="postgres://talent:Kq7-own-pass@db:5432/talent")
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_migrates_only_after_the_deployment_checks_pass():
    migrate = YAML(typ="safe").load((ROOT / "docker-compose.yml").read_text())[
        "services"]["migrate"]
    check, _, then = migrate["command"][2].partition(" && ")
    assert check == "python manage.py check --deploy"
    assert then.startswith("exec python manage.py migrate")
