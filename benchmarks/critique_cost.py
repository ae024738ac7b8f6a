"""How big (and how dear) is a Claude critique request for a 30-component design?

The request is the one the app sends: ``ClaudeCritic`` builds it from a saved
version through the real Anthropic SDK, whose HTTP transport is replaced by
``httpx2.MockTransport`` so the body is captured and nothing leaves the
machine. The script reports the body's parts (system prompt, the design as
escaped data, the reply schema with its enum of real ids), an estimate of the
input tokens, and what that costs per critique at the configured models'
prices. It also checks the request stays lean: compact ids and no pixels.

Tokens are estimated, not counted: counting needs the API (``count_tokens``)
and a benchmark never calls it. The estimate is characters / 3.5 (JSON and
English prose tokenise at roughly 3-4 characters per token); the app shows the
exact count the API reports after every real critique.

Run: ``.venv/bin/python benchmarks/critique_cost.py [--components 30] [--json]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import anthropic  # noqa: E402
import httpx2  # noqa: E402
from synthetic import synthetic_canvas  # noqa: E402

from critique.base import CriticUnavailable  # noqa: E402
from critique.claude import DEEP_MODEL, DEFAULT_MODEL, ClaudeCritic  # noqa: E402
from critique.models import Mode, Usage  # noqa: E402
from critique.pricing import cost_usd  # noqa: E402
from critique.request import request_for  # noqa: E402
from design.analysis.analyze import analyze_document  # noqa: E402
from design.model.document import SketchDocument  # noqa: E402

CHARS_PER_TOKEN = 3.5
ASSUMED_REPLY_TOKENS = 1_500  # seven probes of ~200 tokens each, plus JSON


def capture_request(document: SketchDocument, mode: Mode, model: str) -> dict[str, Any]:
    """The JSON body ClaudeCritic sends for ``document``, captured at the HTTP transport."""
    seen: list[dict[str, Any]] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(json.loads(request.content))
        return httpx2.Response(400, json={"type": "error", "error": {"type": "invalid_request_error",
                                                                     "message": "captured by the benchmark"}})

    client = anthropic.Anthropic(api_key="sk-ant-benchmark-not-a-key", max_retries=0,
                                 http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    findings = analyze_document(document).findings
    request = request_for(document, mode, version=1, findings=findings)
    with contextlib.suppress(CriticUnavailable):  # expected: the stub refuses once it has the body
        ClaudeCritic(client, model).critique(request)
    if not seen:
        raise RuntimeError("the SDK sent no request")
    return seen[0]


def measure(components: int, mode: Mode) -> dict[str, Any]:
    canvas = synthetic_canvas(components)
    document = SketchDocument(canvas=canvas, title=f"Synthetic design, {components} components",
                              requirements="100M daily users; p99 read < 200 ms; posts visible within 5 s.",
                              approach="Fan-out on write to per-user feed caches; Postgres for posts.",
                              estimates={"daily_users": 1e8, "requests_per_user": 20, "read_write_ratio": 50})
    body = capture_request(document, mode, DEFAULT_MODEL)
    system = "".join(b.get("text", "") for b in body.get("system", []))
    user = body["messages"][0]["content"]
    schema = json.dumps(body.get("output_config", {}).get("format", {}).get("schema", {}))
    whole = json.dumps(body)
    canvas_text = json.dumps(canvas)
    tokens = {part: round(len(text) / CHARS_PER_TOKEN) for part, text in
              (("system", system), ("design", user), ("schema", schema), ("whole_body", whole))}
    # Lean: no Fabric geometry or styling reaches the model.
    leaks = [key for key in ("left", "top", "width", "height", "scaleX", "x1", "strokeWidth", "fill")
             if re.search(rf'"{key}"\s*:', user) or re.search(rf"\b{key}=", user)]
    usage = Usage(input_tokens=tokens["whole_body"], output_tokens=ASSUMED_REPLY_TOKENS)
    return {
        "components": components,
        "mode": mode.value,
        "canvas_json_chars": len(canvas_text),
        "chars": {"system": len(system), "design": len(user), "schema": len(schema), "whole_body": len(whole)},
        "estimated_tokens": tokens,
        "geometry_keys_in_prompt": leaks,
        "cost_usd": {
            model: cost_usd(model, usage) for model in (DEFAULT_MODEL, DEEP_MODEL)
        },
        "assumed_reply_tokens": ASSUMED_REPLY_TOKENS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--components", type=int, default=30)
    parser.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.STRESS.value)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    data = measure(args.components, Mode(args.mode))
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    c, t = data["chars"], data["estimated_tokens"]
    print(f"Critique request for {data['components']} components ({data['mode']} mode), as the SDK sends it:")
    print(f"  system prompt   {c['system']:>7,} chars  ≈ {t['system']:>6,} tokens (static, cacheable)")
    print(f"  design as data  {c['design']:>7,} chars  ≈ {t['design']:>6,} tokens")
    print(f"  reply schema    {c['schema']:>7,} chars  ≈ {t['schema']:>6,} tokens (enum of the real ids)")
    print(f"  whole body      {c['whole_body']:>7,} chars  ≈ {t['whole_body']:>6,} tokens  "
          f"(the canvas JSON alone is {data['canvas_json_chars']:,} chars)")
    print(f"  geometry or styling keys in the prompt: {', '.join(data['geometry_keys_in_prompt']) or 'none'}")
    for model, cost in data["cost_usd"].items():
        shown = "unknown" if cost is None else f"${cost:.4f}"
        print(f"  ≈ {shown} per critique with {model} (input estimate + {data['assumed_reply_tokens']:,} reply tokens)")
    print(f"  (tokens estimated at {CHARS_PER_TOKEN} characters each; the app shows the API's exact count)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
