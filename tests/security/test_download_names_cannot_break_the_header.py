"""A download's file name is built from an employee id, which is HR's text: a quote or a
line break in it can neither end the file name early (a second `filename=`), nor break
the header (a server error), and a Chinese id still names the file."""

import pytest
from django.urls import reverse

from talent.models import Employee


@pytest.mark.parametrize("name", ["my_data_csv", "my_data_json"])
@pytest.mark.parametrize("employee_id, shown", [
    ('A"; filename=evil.exe', "filename=\"my-data-A___filename_evil.exe-"),
    ("A\r\nSet-Cookie: x=1", "filename=\"my-data-A__Set-Cookie__x_1-"),
    ("员工7", "filename*=utf-8''my-data-%E5%91%98%E5%B7%A57-"),
])
def test_the_own_data_file_name_keeps_to_its_header(name, employee_id, shown, employee,
                                                   client_for):
    Employee.objects.filter(pk=employee.employee.pk).update(employee_id=employee_id)
    response = client_for(employee).get(reverse(f"assessments:{name}"))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ") and shown in disposition, disposition
    assert disposition.count("filename=") + disposition.count("filename*=") == 1
    assert "\n" not in disposition and disposition.count('"') in (0, 2)
