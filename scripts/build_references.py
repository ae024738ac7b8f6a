"""Write each problem's reference design as a saved document the app and the CLI can open.

Why: the reference lives in the problem file as data (labels, kinds, grid
cells, arrows, why-lines), so it can be reviewed and diffed like the rest of
the problem; the drawn document under ``examples/problems/references/`` is
derived from it by :func:`critique.reference.reference_text`. A test fails
when the two drift apart; run this after editing a problem's reference.

Run: ``.venv/bin/python scripts/build_references.py [problem-id ...]``
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from critique.problems import ProblemError, load_problems  # noqa: E402
from critique.reference import reference_path, reference_text  # noqa: E402

BANK = ROOT / "examples" / "problems"


def main(names: list[str]) -> int:
    try:
        problems = load_problems(BANK)
    except ProblemError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    unknown = sorted(set(names) - set(problems))
    if unknown:
        sys.stderr.write(f"no such problem: {', '.join(unknown)}\n")
        return 2
    written = 0
    for pid, problem in problems.items():
        if (names and pid not in names) or problem.reference is None:
            continue
        path = reference_path(BANK, pid)
        path.parent.mkdir(exist_ok=True)
        text = reference_text(problem)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            written += 1
            sys.stdout.write(f"wrote {path.relative_to(ROOT)}\n")
    sys.stdout.write(f"{written} reference document(s) changed\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
