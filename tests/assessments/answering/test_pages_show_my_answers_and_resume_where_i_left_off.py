from assessments.services import answering

from .conftest import url


def test_the_entry_page_resumes_at_the_first_page_with_an_unanswered_item(
    client_for, employee, ready, items
):
    split = answering.pages(ready.item_order)
    for i, pk in enumerate(split[0], start=1):
        answering.save_answer(ready, pk, 2, i)
    response = client_for(employee).get(url("assignment", ready))
    assert response["Location"] == url("assignment_page", ready, 2)


def test_a_page_is_fieldsets_with_legends_and_labelled_radios(client_for, employee, ready,
                                                              items):
    answering.save_answer(ready, items[0], 4, 1)
    page = client_for(employee).get(url("assignment_page", ready, 1))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("<fieldset") == len(answering.pages(ready.item_order)[0])
    assert f"{items[0].text_in('en')}</legend>" in text
    assert f'<label class="form-check-label" for="q{items[0].pk}-4">' in text
    assert 'name="go" value="next"' in text and ">Next</button>" in text
    assert "<progress" in text
    checked = text.split(f'id="q{items[0].pk}-4"')[1].split(">")[0]
    assert "checked" in checked


def test_any_page_is_reachable_and_a_missing_one_is_a_404(client_for, employee, ready):
    client = client_for(employee)
    n = len(answering.pages(ready.item_order))
    for number in range(1, n + 1):
        assert client.get(url("assignment_page", ready, number)).status_code == 200
    assert client.get(url("assignment_page", ready, n + 1)).status_code == 404


def test_the_page_is_clean_under_the_csp(client_for, employee, ready):
    text = client_for(employee).get(url("assignment_page", ready, 1)).content.decode()
    assert "<script>" not in text and " style=" not in text and " on" + "change=" not in text
    assert "js/questionnaire.js" in text
