"""How the work of reading a streamed critique grows with the reply: each character once, or the whole reply per chunk.

The critic shows each probe as soon as it is complete. It used to find them by
parsing the whole reply so far (the SDK's ``parsed_snapshot()``, jiter in
partial mode) on every text delta that held a ``}``: work that grows with the
square of the reply, which an endpoint ignoring ``max_tokens`` turns into
minutes of CPU. :class:`critique.stream.ReplyScanner` looks at each character
once. This script feeds both the same deltas (40 characters, as the stub and
the API send them) for replies of growing size, in one run, and reports the
time per reply, the growth against the smallest reply, and the ratio of the
two readers. Nothing is asserted: the tests count work instead
(tests/critique/test_stream_bounds.py).

Run: ``.venv/bin/python benchmarks/critique_stream.py [--json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import jiter  # noqa: E402

from critique.stream import ReplyScanner  # noqa: E402

CHUNK = 40
#: The old reader is quadratic, so it is measured on smaller replies than the scanner.
OLD_SIZES = (50, 100, 200, 400, 800)
NEW_SIZES = (50, 100, 200, 400, 800, 3_200, 20_000)


def reply(n: int) -> str:
    probe = {"question": "What happens to writes when the orders database fails over mid-checkout?",
             "why_it_matters": "It is the only copy of every order; a lost write is a lost sale.",
             "targets": ["orders-db", "checkout-api"], "category": "durability", "severity": "high"}
    return json.dumps({"probes": [{**probe, "question": f"Q{i}: {probe['question']}"} for i in range(n)]})


def deltas(text: str) -> list[str]:
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)]


def old_reader(chunks: list[str]) -> int:
    """What the critic did before: re-parse the snapshot so far on every delta that closes something."""
    snapshot, found = "", 0
    for chunk in chunks:
        snapshot += chunk
        if "}" in chunk:
            partial = jiter.from_json(snapshot.encode(), partial_mode="trailing-strings")
            items = partial.get("probes") if isinstance(partial, dict) else None
            found = max(found, len(items) - 1) if isinstance(items, list) else found
    return found


def new_reader(chunks: list[str]) -> int:
    scanner, found = ReplyScanner(), 0
    for chunk in chunks:
        found += len(scanner.feed(chunk))
    return found


def best_of(fn, chunks: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(chunks)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for n in sorted(set(OLD_SIZES) | set(NEW_SIZES)):
        chunks = deltas(reply(n))
        new = best_of(new_reader, chunks, args.repeat)
        old = best_of(old_reader, chunks, args.repeat) if n in OLD_SIZES else None
        rows.append({"probes": n, "chars": sum(map(len, chunks)), "deltas": len(chunks), "scanner_s": new,
                     "reparse_s": old})
    base = rows[0]
    for r in rows:
        r["scanner_growth"] = r["scanner_s"] / base["scanner_s"]
        r["reparse_growth"] = r["reparse_s"] / base["reparse_s"] if r["reparse_s"] else None
        r["reparse_over_scanner"] = r["reparse_s"] / r["scanner_s"] if r["reparse_s"] else None
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'probes':>7} {'chars':>10} {'deltas':>7} {'scanner':>10} {'growth':>7} {'re-parse':>10} {'growth':>8} "
          f"{'ratio':>7}")
    for r in rows:
        old = f"{r['reparse_s'] * 1000:8.1f}ms {r['reparse_growth']:7.1f}x {r['reparse_over_scanner']:6.0f}x" \
            if r["reparse_s"] else f"{'—':>10} {'—':>8} {'—':>7}"
        print(f"{r['probes']:>7,} {r['chars']:>10,} {r['deltas']:>7,} {r['scanner_s'] * 1000:8.1f}ms "
              f"{r['scanner_growth']:6.1f}x {old}")


if __name__ == "__main__":
    main()
