"""Recognition stays linear for any layout: piles of shapes are refused by a count, never matched for minutes.

Issue 14, item 1: 10,000 boxes and arrows at one spot, or arrows crossing
every cell of the grid index, took two CPU minutes from a 2.7 MB canvas (and
the same from an Excalidraw file, and from every export of it). These tests
count the work recognition plans (the candidates its index hands each query,
:class:`design.canvas.work.WorkBudget`), never the time it takes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import pytest

from cli import main
from design.canvas.recognize import build_sketch
from design.canvas.restore import restore
from design.canvas.work import WORK_FLOOR, WORK_PER_SHAPE, LayoutTooDense, WorkBudget
from design.readers.dispatch import InputError, read_import
from design.readers.excalidraw import SequenceDiagramError, excalidraw_sketch
from support.adversarial import CANVAS_LAYOUTS, canvas_layout, excalidraw_layout
from support.paths import EXAMPLES, example_names, load_example

UNLIMITED = 10**15


def planned(canvas: dict) -> tuple[int, int]:
    """The candidate checks recognition of ``canvas`` plans, and the shapes it reads."""
    restored = restore(canvas)
    shapes = len(restored.boxes) + len(restored.lines) + len(restored.texts)
    budget = WorkBudget(shapes, limit=UNLIMITED)
    build_sketch(restored, budget=budget)
    return budget.spent, shapes


@pytest.mark.parametrize("name", [n for n in CANVAS_LAYOUTS if n != "grid"])
def test_a_pile_of_shapes_is_refused_before_any_matching(name):
    """At 3,000 of each the pile would cost millions of checks; it is refused by counting alone."""
    restored = restore(canvas_layout(name, 3_000))
    budget = WorkBudget(9_000)
    with pytest.raises(LayoutTooDense) as caught:
        build_sketch(restored, budget=budget)
    message = str(caught.value)
    assert message.startswith("too many shapes on top of one another to read: matching ")
    assert "the busiest spot, near x=" in message and "\n" not in message and len(message) < 300
    assert budget.spent > budget.limit == WORK_FLOOR + WORK_PER_SHAPE * 9_000


@pytest.mark.parametrize("name", [n for n in CANVAS_LAYOUTS if n != "grid"])
def test_small_piles_are_still_read(name):
    """The budget refuses work, not shapes: 100 boxes stacked (a sloppy drawing) are read, never refused.

    What they are read as is recognition's business (boxes a fraction of a pixel around each other nest as
    groups, identical ones join a pool): every one of them is a component, a pool's box or a group.
    """
    sketch = build_sketch(restore(canvas_layout(name, 100)))
    assert sketch.components
    read = {c.source for c in sketch.components} | {g.source for g in sketch.groups}
    assert len(read) + sum(max(len(c.members) - 1, 0) for c in sketch.components) <= 100


def test_work_on_a_spread_out_drawing_grows_linearly():
    """The control: 8 times the shapes, at most 8 times the checks (each query sees a handful)."""
    small, small_shapes = planned(canvas_layout("grid", 500))
    large, large_shapes = planned(canvas_layout("grid", 4_000))
    assert large_shapes == 8 * small_shapes
    assert large <= 8 * small * 1.1
    assert large / large_shapes < 12


@pytest.mark.parametrize("name", example_names())
def test_real_drawings_use_a_small_part_of_the_budget(name):
    spent, shapes = planned(load_example(name))
    assert spent / shapes < WORK_PER_SHAPE / 4


def test_the_refusal_reaches_the_cli_for_analyze_and_every_export(tmp_path, capsys):
    path = tmp_path / "pile.canvas.json"
    path.write_text(json.dumps(canvas_layout("stacked", 3_000)))
    exports = [["export", str(path), "--to", fmt, "-o", str(tmp_path / "out/")]
               for fmt in ("png", "svg", "md", "json", "mermaid", "excalidraw", "bundle")]
    for argv in [["analyze", str(path)], ["analyze", str(path), "--format", "json"], *exports,
                 ["critique", str(path), "--offline"]]:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "too many shapes on top of one another" in err and err.count("\n") == 1, (argv, err)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("name", ["stacked", "long_arrows", "stacked_lifelines"])
def test_an_excalidraw_pile_is_refused_with_a_message(name):
    scene = excalidraw_layout(name, 3_000)
    with pytest.raises(LayoutTooDense):
        excalidraw_sketch(scene)
    with pytest.raises(InputError, match="too many shapes on top of one another"):
        read_import("pile.excalidraw", json.dumps(scene))


def test_excalidraw_matches_texts_with_the_arrows_near_them_only():
    """Free texts used to be measured against every arrow in the scene (texts × arrows): now through the index."""
    imported = read_import("grid.excalidraw", json.dumps(excalidraw_layout("grid", 2_000)))
    assert len(imported.document.canvas["objects"]) > 0
    spent, shapes = planned(imported.document.canvas)
    assert spent / shapes < 12


def test_a_saved_export_or_document_holding_a_pile_is_refused_at_import():
    canvas = canvas_layout("offset", 3_000)
    document = {"type": "sketchfirst/sketch", "schema": 1, "title": "pile", "canvas": canvas}
    with pytest.raises(InputError, match="too many shapes on top of one another"):
        read_import("pile.json", json.dumps(document))


def test_the_examples_still_import(tmp_path):
    for name in example_names():
        read_import(name, (EXAMPLES / name).read_bytes())


def calls(fn: Callable[[], object]) -> int:
    """How many functions (Python and built-in, generators resumed included) ``fn`` calls: work, counted exactly."""
    count = 0

    def profile(frame, event, arg):  # noqa: ANN001, ARG001
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        fn()
    except (LayoutTooDense, ValueError):
        pass
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("name", ["grid", "cylinder_lines", "sequence"])
def test_reading_a_large_excalidraw_scene_grows_linearly(name):
    """8 times the elements, at most 10 times the calls (8.0 to 8.1 now; before the fix 34 to 54 times).

    The reader's own searches compared every free text with every box (``grid``: its labels sit beside the
    boxes), every drawn line with every ellipse (``cylinder_lines``), every lifeline with every box and every
    message end with every lifeline (``sequence``, refused as a sequence diagram after all that). Spread-out
    scenes, no pile: 2,000 of each took 9 to 15 s. Counted by function calls, never by time.
    """
    small = calls(lambda: excalidraw_sketch(excalidraw_layout(name, 100)))
    large = calls(lambda: excalidraw_sketch(excalidraw_layout(name, 800)))
    assert large / small < 10, (small, large)


def test_the_reader_outcomes_of_the_large_scenes():
    """What the layouts above are read as: each one for what it is, so the counts measure real reading."""
    sketch, _ = excalidraw_sketch(excalidraw_layout("cylinder_lines", 300))
    assert len(sketch.components) == 300 and not sketch.flows
    assert any("300 lines joining no two boxes" in n.message for n in sketch.notes)
    with pytest.raises(SequenceDiagramError, match="this scene is a sequence diagram"):
        excalidraw_sketch(excalidraw_layout("sequence", 300))
    sketch, _ = excalidraw_sketch(excalidraw_layout("stacked_lifelines", 100))  # a small pile is read
    assert len(sketch.components) == 1 and not sketch.flows


def test_a_pile_of_lifelines_is_refused_by_the_count_naming_the_spot():
    with pytest.raises(LayoutTooDense) as caught:
        excalidraw_sketch(excalidraw_layout("stacked_lifelines", 3_000))
    message = str(caught.value)
    assert message.startswith("too many shapes on top of one another to read: matching arrows with the lifelines ")
    assert "the busiest spot, near x=" in message and "\n" not in message and len(message) < 300

