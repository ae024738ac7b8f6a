"""The boundaries hold by construction, not by good intentions.

- The pure core (``design/``, ``critique/``) never imports Streamlit, reads the environment or prints.
- ``design/`` never imports ``critique/``; neither imports the shells (``ui``, ``app``, ``cli``).
- Nothing imports ``ui/`` but ``app.py`` (and tests). Inside ``ui/`` imports run one way:
  pages → panels → actions → state, resources, text.
- Inside ``design/`` the rooms form floors: each room imports only the rooms listed for it below,
  so the pipeline reads one way (model → canvas → readers → analysis → picture → exports; practice → store).
- The critique payload is read in ``critique/payload.py`` only: no module of ``design/`` reads its keys.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from support.paths import ROOT

PURE = ("design", "critique")
SHELLS = ("ui", "app", "cli")

#: Which rooms of design/ each room may import (besides itself).
FLOORS: dict[str, set[str]] = {
    "model": set(),
    "canvas": {"model"},
    "readers": {"model", "canvas"},
    "sizing": {"model"},
    "analysis": {"model", "canvas", "sizing"},
    "picture": {"model"},
    "exports": {"model", "canvas", "readers", "sizing", "analysis", "picture"},
    # practice shows critiques as design.model.critique_view records (built by critique/), so it needs no exports;
    # it compares the numbers models of two versions (design.analysis.numbers), so it reads analysis and sizing.
    "practice": {"model", "picture", "sizing", "analysis"},
    "store": {"model", "practice"},
}


def modules(package: str) -> list[str]:
    return sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / package).rglob("*.py")
    )


def imported_names(path: Path) -> list[str]:
    """Every module name a file imports, at any depth (lazy imports inside functions count too)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def python_files(*tops: str) -> list[Path]:
    out: list[Path] = []
    for top in tops:
        path = ROOT / top
        out.extend([path] if path.suffix == ".py" else sorted(path.rglob("*.py")))
    return out


def test_importing_every_pure_module_never_loads_streamlit():
    names = [m for pkg in PURE for m in modules(pkg)]
    code = (
        "import importlib, sys\n"
        f"for m in {names!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'streamlit_drawable_canvas'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


def test_design_never_imports_critique_and_the_core_never_imports_a_shell():
    for path in python_files("design"):
        assert not any(n.split(".")[0] == "critique" for n in imported_names(path)), f"{path} imports critique"
    for path in python_files(*PURE):
        shells = [n for n in imported_names(path) if n.split(".")[0] in SHELLS]
        assert not shells, f"{path} imports the shell: {shells}"


def test_the_core_reads_no_environment_and_prints_nothing():
    for path in python_files(*PURE):
        text = path.read_text()
        assert "os.environ" not in text and "getenv" not in text, f"{path} reads the environment"
        calls = [n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
        assert not any(c.func.id == "print" for c in calls), f"{path} prints; only the shells use the terminal"


def test_in_the_browser_shell_only_ui_resources_reads_the_environment():
    readers = [path.relative_to(ROOT).as_posix() for path in python_files("app.py", "ui")
               if re.search(r"\bos\.environ\b|\bgetenv\b|\benviron\[", path.read_text())]
    assert readers == ["ui/resources.py"]


def test_only_app_py_imports_the_ui_package():
    for path in python_files("design", "critique", "cli.py", "benchmarks", "scripts"):
        assert not any(n.split(".")[0] == "ui" for n in imported_names(path)), f"{path} imports ui/"


def _ui_rank(module: str) -> int:
    """Where a module of ui/ sits: page files 3, panels 2, actions 1, the rest (state, resources, text) 0."""
    if module.startswith("ui.pages."):
        return 3
    if module.startswith("ui.panels"):
        return 2
    return 1 if module == "ui.actions" else 0


def test_inside_ui_imports_run_one_way_pages_panels_actions_state():
    for path in python_files("ui"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for name in imported_names(path):
            if name.split(".")[0] != "ui" or name == "ui":
                continue
            below = _ui_rank(name) < _ui_rank(module)
            between_panels = _ui_rank(name) == _ui_rank(module) == 2
            assert below or between_panels, f"{module} imports {name}: ui/ imports run pages → panels → actions → state"


def test_every_room_of_design_is_listed_and_imports_only_the_floors_below_it():
    rooms = sorted(p.name for p in (ROOT / "design").iterdir() if (p / "__init__.py").exists())
    assert rooms == sorted(FLOORS), "a room was added or removed: list it in FLOORS with what it may import"
    for room in rooms:
        for path in python_files(f"design/{room}"):
            for name in imported_names(path):
                parts = name.split(".")
                if parts[0] != "design" or len(parts) < 2 or parts[1] == room:
                    continue
                assert parts[1] in FLOORS[room], f"{path.relative_to(ROOT)} imports {name}: {room} may import {FLOORS[room]}"


def test_inside_design_nothing_imports_a_front_door():
    """A room's ``__init__`` re-exports its members; importing it from inside design/ would make cycles."""
    rooms = set(FLOORS)
    for path in python_files("design"):
        for name in imported_names(path):
            parts = name.split(".")
            assert not (parts[0] == "design" and (len(parts) == 1 or (len(parts) == 2 and parts[1] in rooms))), (
                f"{path.relative_to(ROOT)} imports the front door {name}; import the defining module instead"
            )


def test_floors_have_no_cycles():
    seen: dict[str, int] = {}

    def visit(room: str) -> None:
        assert seen.get(room) != 1, f"the rooms form a cycle through {room}"
        if seen.get(room) == 2:
            return
        seen[room] = 1
        for below in FLOORS[room]:
            visit(below)
        seen[room] = 2

    for room in FLOORS:
        visit(room)


def test_only_critique_payload_reads_the_stored_critique_format():
    """``design/`` shows critiques as plain views; parsing the payload's keys anywhere else would be a second reader."""
    keys = ('"why_it_matters"', '"assessments"', '"probes"', "'why_it_matters'", "'assessments'", "'probes'")
    for path in python_files("design", "cli.py"):
        text = path.read_text()
        assert not any(k in text for k in keys), f"{path.relative_to(ROOT)} reads stored critique payloads"
