from django.urls import reverse


def test_a_forbidden_page_explains_itself_in_the_site_layout(client_for, employee):
    response = client_for(employee).get(reverse("talent:import_org"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Not allowed" in html
    assert "ask HR" in html
    assert 'class="navbar' in html


def test_a_forbidden_page_is_in_chinese_for_a_chinese_reader(client_for, employee):
    client = client_for(employee)
    client.post(reverse("set_language"), {"language": "zh-hans"})
    response = client.get(reverse("talent:import_org"))
    assert "无权访问" in response.content.decode()


def test_an_unknown_address_gives_a_friendly_404(client_for, employee, settings):
    settings.DEBUG = False
    response = client_for(employee).get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
