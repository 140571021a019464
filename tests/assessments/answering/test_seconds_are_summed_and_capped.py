from assessments.services import answering

from .conftest import stored


def test_seconds_add_up_over_visits(ready, items):
    answering.save_answer(ready, items[0], 3, 1, seconds=12.5)
    answering.save_answer(ready, items[0], 4, 2, seconds=7.5)
    assert stored(ready)[items[0].pk][2] == 20.0


def test_seconds_are_capped_per_item(ready, items, settings):
    settings.ANSWER_SECONDS_CAP = 600
    answering.save_answer(ready, items[0], 3, 1, seconds=5000)
    assert stored(ready)[items[0].pk][2] == 600
    answering.save_answer(ready, items[0], 2, 2, seconds=400)
    answering.save_answer(ready, items[0], 2, 3, seconds=400)
    assert stored(ready)[items[0].pk][2] == 600


def test_a_save_without_seconds_keeps_the_time_counted(ready, items):
    answering.save_answer(ready, items[0], 3, 1, seconds=9)
    answering.save_answer(ready, items[0], 5, 2)
    assert stored(ready)[items[0].pk][2] == 9
