"""How long each ``sketchfirst`` command takes from a cold process, as a ratio to importing networkx.

A command's wall time on a small design is mostly start-up: the interpreter,
then whatever the command imports. ``python -c "import networkx"`` is the
floor every analysis pays (the graph library), so each command is reported as
a ratio to it, measured in the same run, interleaved, so that the noise of a
shared machine falls on both alike. The median of ``--repeat`` runs is shown,
and the heavy packages each command loaded (it must not load the Anthropic SDK
or Streamlit unless it calls Claude or serves the app).

Target (issue 11): ``analyze`` on a 25-box sketch within 2× the baseline.

Run: ``.venv/bin/python benchmarks/startup.py [--repeat 15] [--root CHECKOUT]``; ``--root`` times another
checkout's ``cli.py`` (say, the commit before a change) with this interpreter, for a before/after table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_canvas  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("anthropic", "pydantic", "httpx2", "streamlit", "PIL")
TARGET = 2.0

#: Prints the heavy top-level packages a command left in ``sys.modules`` (on stderr, after the command ran).
_PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['sketchfirst', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_path({cli!r}, run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "print('LOADED ' + ' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r}))), file=sys.stderr)\n"
)


def wall(root: Path, argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def loaded(root: Path, args: list[str], env: dict[str, str]) -> str:
    code = _PROBE.format(cli=str(root / "cli.py"), heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=root, env=env, capture_output=True, text=True)
    line = next((ln for ln in out.stderr.splitlines() if ln.startswith("LOADED")), "LOADED ?")
    return line.removeprefix("LOADED").strip() or "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--components", type=int, default=25)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose cli.py is timed")
    args = parser.parse_args(argv)
    root = args.root.resolve()

    with tempfile.TemporaryDirectory() as tmp:
        sketch = Path(tmp) / "synthetic.canvas.json"
        sketch.write_text(json.dumps(synthetic_canvas(args.components)))
        out = Path(tmp) / "out"
        env = {k: v for k, v in os.environ.items() if k != "ANTHROPIC_API_KEY"}
        env["SKETCHFIRST_DB"] = str(Path(tmp) / "s.db")
        env["PYTHONPATH"] = str(root)
        cli = [sys.executable, str(root / "cli.py")]
        commands = {
            "--help": ["--help"],
            f"analyze ({args.components} boxes)": ["analyze", str(sketch)],
            "analyze --format json": ["analyze", str(sketch), "--format", "json"],
            "export --to md (+png)": ["export", str(sketch), "--to", "md", "-o", f"{out}/"],
            "export --to svg": ["export", str(sketch), "--to", "svg", "-o", f"{out}/"],
            "critique --offline": ["critique", str(sketch), "--offline"],
        }
        baseline_argv = [sys.executable, "-c", "import networkx"]
        times: dict[str, list[float]] = {name: [] for name in ["import networkx", *commands]}
        for _ in range(args.repeat):  # interleaved: each round measures the baseline and every command once
            times["import networkx"].append(wall(root, baseline_argv, env))
            for name, rest in commands.items():
                times[name].append(wall(root, [*cli, *rest], env))
        base = statistics.median(times["import networkx"])
        print(f"{root}: python {sys.version.split()[0]}, median of {args.repeat} runs, interleaved")
        print(f"{'command':<28} {'median s':>9} {'× networkx':>11}  heavy packages loaded")
        baseline_name = 'python -c "import networkx"'
        print(f"{baseline_name:<28} {base:>9.3f} {1.0:>11.2f}")
        worst = 0.0
        for name, rest in commands.items():
            median = statistics.median(times[name])
            ratio = median / base
            if name.startswith("analyze ("):
                worst = ratio
            print(f"{name:<28} {median:>9.3f} {ratio:>11.2f}  {loaded(root, rest, env)}")
        verdict = "met" if worst <= TARGET else "MISSED"
        print(f"\ntarget: analyze on {args.components} boxes within {TARGET:.0f}× the baseline: {worst:.2f}× ({verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
