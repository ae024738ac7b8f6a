"""quick_init keeps a frozen dataclass what it was: same fields, defaults, equality and refusals."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from design.canvas.recognize import ComponentSpec, FlowSpec
from design.canvas.restore import BoxShape, HeadShape, LineShape, TextShape
from design.model.geometry import Box, Point
from design.model.records import quick_init
from design.model.sketch import Component, Flow, Kind

QUICK = (Point, Box, BoxShape, LineShape, TextShape, HeadShape, ComponentSpec, FlowSpec, Component, Flow)


@pytest.mark.parametrize("cls", QUICK, ids=lambda c: c.__name__)
def test_the_signature_is_the_dataclass_one(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields, strict=True):
        assert p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        assert p.default == (inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default)


def test_a_record_is_built_compared_replaced_and_refuses_assignment() -> None:
    c = Component("api", "API", Kind.SERVICE, 3, Box(0, 0, 10, 10))
    assert (c.shape, c.kind_source, c.note, c.members, c.managed) == ("rect", "label", "", (), False)
    assert c == Component(id="api", label="API", kind=Kind.SERVICE, replicas=3, box=Box(0, 0, 10, 10))
    assert hash(c) == hash(Component("api", "API", Kind.SERVICE, 3, Box(0, 0, 10, 10)))
    assert dataclasses.replace(c, replicas=1).replicas == 1
    assert pickle.loads(pickle.dumps(c)) == c
    f = Flow("a->b", "a", "b", "reads", Point(0, 0), Point(1, 1), origin="line 3")
    assert f == Flow("a->b", "a", "b", "reads", Point(0, 0), Point(1, 1))  # origin is not compared, as declared
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.replicas = 4  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point(1.0)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1.0, 2.0, z=3.0)  # type: ignore[call-arg]


def test_what_it_cannot_keep_is_refused_when_the_class_is_defined() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Listed:
        items: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        n: int

        def __post_init__(self) -> None:
            raise ValueError

    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        n: int

    @dataclasses.dataclass(slots=True)
    class Mutable:
        n: int

    for cls in (Listed, Checked, Unslotted, Mutable):
        with pytest.raises(TypeError):
            quick_init(cls)
