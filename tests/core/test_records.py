"""`core.records.record` behaves as `dataclasses.dataclass` does for what the package uses of it."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest

from cybergraph.core.positions import Position
from cybergraph.core.records import FrozenInstanceError, field, record, replace


@record(frozen=True)
class Frozen:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    notes: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


@dataclasses.dataclass(frozen=True)
class FrozenDC:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    notes: dict[str, int] = dataclasses.field(default_factory=dict, compare=False, repr=False)


@record
class Changeable:
    items: list[str] = field(default_factory=list)
    depth: int = 0


def test_construction_repr_equality_and_hash_are_a_dataclass_s() -> None:
    cases: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
        (("a",), {}),
        (("a", 2), {}),
        (("a",), {"count": 2, "tags": ("x",)}),
        ((), {"name": "b", "notes": {"n": 1}}),
    ]
    for args, kwargs in cases:
        mine, theirs = Frozen(*args, **kwargs), FrozenDC(*args, **kwargs)
        assert repr(mine).replace("Frozen(", "FrozenDC(") == repr(theirs)
        assert hash(mine) == hash(theirs)
    assert Frozen("a", 1) == Frozen("a", 1, notes={"other": 2})  # notes are not compared
    assert Frozen("a", 1) != Frozen("a", 2) and Frozen("a") != FrozenDC("a")  # type: ignore[comparison-overlap]
    assert Frozen("a").notes is not Frozen("a").notes  # a new dict for each


def test_frozen_fields_cannot_change_and_mistakes_are_type_errors() -> None:
    point = Frozen("a")
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'count'"):
        point.count = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.name
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'name'"):
        Frozen()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'nmae'"):
        Frozen(nmae="a")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="multiple values for argument 'name'"):
        Frozen("a", name="b")  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes 5 positional arguments but 6 were given"):
        Frozen("a", 1, (), {}, 5)  # type: ignore[call-arg]


def test_a_changeable_record_is_unhashable_and_changes() -> None:
    box = Changeable()
    box.items.append("x")
    box.depth = 2
    assert box == Changeable(["x"], 2) and repr(box) == "Changeable(items=['x'], depth=2)"
    with pytest.raises(TypeError):
        hash(box)


def test_replace_pickle_and_post_init() -> None:
    assert replace(Frozen("a", 1), count=2) == Frozen("a", 2)
    with pytest.raises(TypeError):
        replace(Frozen("a"), size=2)  # type: ignore[call-arg]
    copied = pickle.loads(pickle.dumps(Frozen("a", 1, ("t",), {"n": 1})))
    assert copied == Frozen("a", 1, ("t",)) and copied.notes == {"n": 1}
    assert Position("f.ttl", 0, -3) == Position("f.ttl", 1, 1)  # __post_init__ clamps, as before
    assert str(Position("f.ttl", 3, 7)) == "f.ttl:3:7"
