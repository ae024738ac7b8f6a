"""The app imports what a page needs: the Anthropic SDK only when a critique runs with a key, altair only for a chart.

The SDK takes over a second to import; a page load that never calls Claude
must not pay for it. ``sys.modules`` is per process, so each check runs the
app through AppTest in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys

from support.paths import ROOT, TESTS

SCRIPT = """
import json, os, sys
sys.path.insert(0, {tests!r})
from support.anthropic_stub import StubAPI, good
from support.apptest import Keys, load_example, opened, saved_chat, texts

def loaded():
    return sorted(name for name in ("anthropic", "altair") if name in sys.modules)

seen = {{}}
opened()
seen["editor, no key"] = loaded()
for link in ({{"design": "1", "follow": "1"}}, {{"present": "1"}}):
    opened(link)
seen["follower and presenter, no key"] = loaded()
probe = {{"question": "What if Kafka lags an hour?", "why_it_matters": "Ordering.", "targets": ["kafka-cluster"],
          "category": "bottleneck", "severity": "high"}}
with StubAPI(good([probe])) as api:
    os.environ["ANTHROPIC_API_KEY"] = "sk-ant-test-lazy-0011223344"
    os.environ["ANTHROPIC_BASE_URL"] = api.url
    at = load_example(opened(), "Chat system")
    seen["editor, key, Claude named"] = loaded() if "Critic: Claude" in texts(at) else ["Claude not named"]
    at = saved_chat(at)
    seen["saved: history chart drawn"] = loaded()
    at.button(key=Keys.critique_run).click().run()
    seen["critique ran"] = loaded() if len(api.messages) == 1 and not at.exception else ["no critique"]
print(json.dumps(seen))
"""


def test_the_sdk_loads_only_when_a_critique_runs_and_altair_only_for_a_chart():
    out = subprocess.run([sys.executable, "-c", SCRIPT.format(tests=str(TESTS))], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {
        "editor, no key": [],
        "follower and presenter, no key": [],
        "editor, key, Claude named": [],
        "saved: history chart drawn": ["altair"],
        "critique ran": ["altair", "anthropic"],
    }


FIRST_LOAD = """
import json, os, sys
sys.path.insert(0, {tests!r})
from streamlit.testing.v1 import AppTest
from support.apptest import APP
from support.paths import EXAMPLES
from design.analysis.analyze import analyze_document
from design.model.document import SketchDocument
from design.store import open_store

# A design with a saved version (History then has a timeline and a chart to draw), saved as the app saves it.
store = open_store(os.environ["SKETCHFIRST_DB"])
document = SketchDocument(canvas=json.loads((EXAMPLES / "chat.canvas.json").read_text()), title="Chat")
store.save_version(store.create_design("Chat"), document, analyze_document(document).findings)
heavy = ("altair", "anthropic", "psycopg", "psycopg_pool", "authlib", "vega_datasets",
         # Drawn or run only on demand: the export formats (the Export panel), the critics (a critique).
         "design.exports.formats", "design.exports.excalidraw", "design.exports.mermaid", "critique.offline", "critique.fallback", "critique.claude")
before = sorted(name for name in heavy if name in sys.modules)
# A browser opening the design by its link: a new session, every panel closed as a page load has them.
at = AppTest.from_file(APP, default_timeout=60)
at.query_params["design"] = "1"
at.run()
print(json.dumps({{"exception": [e.value for e in at.exception], "before": before,
                  "after": sorted(name for name in heavy if name in sys.modules),
                  "charts": len(at.get("vega_lite_chart")), "tables": len(at.get("arrow_data_frame")),
                  "downloads": len(at.get("download_button")),
                  "history": [e.label for e in at.expander if e.label.startswith("History")],
                  "export": [e.label for e in at.expander if e.label == "Export"]}}))
"""


def test_the_first_load_of_a_saved_design_draws_no_table_chart_or_download_and_imports_only_the_first_screen():
    """The first screen is the canvas and its findings; the History panel's tables and charts (Vega and a data
    grid in the browser, altair on the server) and the Export panel's download buttons (and the export formats
    behind them) wait until they are opened, as the other heavy panels do; the critics wait for a critique."""
    out = subprocess.run([sys.executable, "-c", FIRST_LOAD.format(tests=str(TESTS))], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["before"] == [] and seen["exception"] == []
    assert seen["after"] == [], "the saved design's first load imported these"
    assert seen["charts"] == 0 and seen["tables"] == 0 and seen["downloads"] == 0
    assert seen["export"] == ["Export"]
    assert seen["history"] and seen["history"][0].startswith("History: versions and changes")
