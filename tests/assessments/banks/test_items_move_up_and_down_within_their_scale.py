"""Reordering on the site: "Up" and "Down" swap an item with its neighbour of the same
scale in the questionnaire's order; the first cannot go up, the last cannot go down."""

from django.urls import reverse

HTMX = {"HTTP_HX_REQUEST": "true"}


def codes(version, scale="EXE"):
    return list(version.items.filter(scale__code=scale).order_by("order", "pk")
                .values_list("code", flat=True))


def move(client, version, code, direction):
    item = version.items.get(code=code)
    return client.post(reverse("assessments:bank_item_move", args=[version.pk, item.pk]),
                       {"direction": direction}, **HTMX)


def test_down_then_up_swaps_an_item_with_its_neighbour(bank_admin, client_for, draft):
    client = client_for(bank_admin)
    first, second, *rest = codes(draft)
    response = move(client, draft, first, "down")
    assert response.status_code == 200 and response["HX-Trigger"] == "bank-changed"
    assert codes(draft) == [second, first, *rest]
    html = response.content.decode()
    assert html.index(f'data-item="{second}"') < html.index(f'data-item="{first}"')
    move(client, draft, first, "up")
    assert codes(draft) == [first, second, *rest]


def test_the_other_scale_keeps_its_order(bank_admin, client_for, draft):
    before = codes(draft, "CMP")
    move(client_for(bank_admin), draft, codes(draft)[0], "down")
    assert codes(draft, "CMP") == before


def test_the_first_item_cannot_go_up_nor_the_last_down(bank_admin, client_for, draft):
    client = client_for(bank_admin)
    before = codes(draft)
    html = move(client, draft, before[0], "up").content.decode()
    move(client, draft, before[-1], "down")
    assert codes(draft) == before
    first_row = html.split(f'data-item="{before[0]}"')[1].split("</li>")[0]
    assert first_row.count("disabled") == 1


def test_a_direction_other_than_up_or_down_is_refused(bank_admin, client_for, draft):
    before = codes(draft)
    response = move(client_for(bank_admin), draft, before[0], "sideways")
    assert response.status_code == 400
    assert "Move an item up or down." in response.content.decode()
    assert codes(draft) == before


def test_ties_in_order_are_broken_so_a_move_always_moves(bank_admin, client_for, draft):
    draft.items.update(order=0)
    before = codes(draft)
    move(client_for(bank_admin), draft, before[0], "down")
    assert codes(draft)[:2] == [before[1], before[0]]
