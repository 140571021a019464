import dataclasses
import json

import pytest

from assessments.scoring import Spec


def _changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value / 2 if value and value != 1.0 else 0.5
    if isinstance(value, tuple):
        return value[:-1]
    return value


def test_spec_hash_is_stable_for_equal_specs():
    a, b = Spec(), Spec()
    assert a.hash() == b.hash()
    assert len(a.hash()) == 64 and int(a.hash(), 16) >= 0
    assert Spec.from_dict(json.loads(json.dumps(a.to_dict()))).hash() == a.hash()


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Spec)])
def test_spec_hash_changes_when_any_single_field_changes(name):
    base = Spec()
    if name == "version":
        other = dataclasses.replace(base, version=base.version + ".1")
    elif name == "reliability_method":
        other = dataclasses.replace(base, reliability_method="alpha")
    elif name in ("p_execution", "p_compression"):
        other = dataclasses.replace(base, **{name: getattr(base, name) + 0.05})
    else:
        other = dataclasses.replace(base, **{name: _changed(getattr(base, name))})
    assert getattr(other, name) != getattr(base, name)
    assert other.hash() != base.hash()


def test_spec_round_trips_through_json_and_rejects_unknown_fields():
    spec = Spec(min_alignment=0.7, hard_flags=("incomplete",))
    again = Spec.from_dict(json.loads(json.dumps(spec.to_dict())))
    assert again == spec
    with pytest.raises(ValueError):
        Spec.from_dict({**spec.to_dict(), "surprise": 1})


def test_spec_rejects_inconsistent_thresholds():
    with pytest.raises(ValueError):
        Spec(p_execution=0.3, p_compression=0.4)
    with pytest.raises(ValueError):
        Spec(hard_flags=("not_a_flag",))
    with pytest.raises(ValueError):
        Spec(reliability_method="guess")


def test_equal_numbers_and_reordered_flag_sets_hash_the_same():
    assert Spec(min_answered=1).hash() == Spec(min_answered=1.0).hash()
    assert Spec(min_alignment_pairs=6.0).hash() == Spec().hash()
    assert Spec(min_answered=1) == Spec(min_answered=1.0)
    a = Spec(hard_flags=("misaligned", "incomplete", "longstring"))
    b = Spec(hard_flags=["longstring", "incomplete", "misaligned", "incomplete"])
    assert a.hash() == b.hash() and a == b
    with pytest.raises(ValueError):
        Spec(min_alignment_pairs=6.5)
    with pytest.raises(ValueError):
        Spec(norm_uncertainty=1)
