"""``benchmarks/model_dump.py``: the digest that shows a change made for speed changed no result of the model."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load():
    spec = importlib.util.spec_from_file_location("model_dump", ROOT / "benchmarks" / "model_dump.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_dump_is_the_same_twice_and_tells_option_sets_apart(tmp_path: Path):
    dump = _load()
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    for out in (first, second):
        assert dump.main(["--out", str(out), "--random", "4", "--sizes", "5"]) == 0
    lines = first.read_text().splitlines()
    assert first.read_text() == second.read_text()
    assert len(lines) % len(dump.OPTIONS) == 0 and any(line.startswith("random-3/") for line in lines)
    # The examples' option sets differ from each other (a peak, a ratio, requirements all show in the model).
    news = [line.split()[1] for line in lines if line.startswith("news-feed.canvas.json/")]
    assert len(news) == len(dump.OPTIONS) and len(set(news)) >= 5
