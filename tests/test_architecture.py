"""The boundary holds by construction: the pure core never imports Streamlit, design never imports critique."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT

PURE = ("design", "critique")


def modules(package: str) -> list[str]:
    return sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / package).rglob("*.py")
    )


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


def test_design_never_imports_critique_and_the_core_reads_no_environment():
    for path in (ROOT / "design").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                names = []
            assert not any(n.split(".")[0] == "critique" for n in names), f"{path.name} imports critique"
    for pkg in PURE:
        for path in (ROOT / pkg).rglob("*.py"):
            text = path.read_text()
            assert "os.environ" not in text and "getenv" not in text, f"{path} reads the environment"
            calls = [n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
            assert not any(c.func.id == "print" for c in calls), f"{path} prints; only the shells use the terminal"
