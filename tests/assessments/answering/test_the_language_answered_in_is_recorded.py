from .conftest import autosave, stored, url


def test_each_answer_records_its_page_language(client_for, employee, ready, items):
    client = client_for(employee)
    autosave(client, ready, items[0], 3, 1)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    autosave(client, ready, items[1], 4, 2)
    values = stored(ready)
    assert values[items[0].pk][3] == "en"
    assert values[items[1].pk][3] == "zh-hans"
    ready.refresh_from_db()
    assert ready.language == "zh-hans"


def test_switching_language_mid_way_keeps_every_answer(client_for, employee, ready, items):
    client = client_for(employee)
    autosave(client, ready, items[0], 2, 1)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = client.get(url("assignment_page", ready, 1)).content.decode()
    assert f'id="q{items[0].pk}-2" value="2"\n                   checked' in page or \
        f'id="q{items[0].pk}-2" value="2"' in page and "checked" in page
    assert "（中文）" in page  # the item texts in Chinese
    assert "下一页" in page
    assert len(stored(ready)) == 1
