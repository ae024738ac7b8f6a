"""Golden findings for every recorded example, and the rule catalogue document that cannot drift."""

from __future__ import annotations

import json

import pytest

from design.analysis.analyze import analyze
from design.analysis.rules import RULES
from design.analysis.rules.catalogue import catalogue_markdown, ordered_rules
from design.canvas.recognize import build_sketch
from design.canvas.restore import restore
from support.paths import ROOT, check_golden, example_names, load_example

RULES_MD = ROOT / "docs" / "RULES.md"


def findings_json(name: str) -> str:
    found = analyze(build_sketch(restore(load_example(name))))
    return json.dumps([f.to_contract() for f in found], indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("name", example_names())
def test_findings_match_the_golden_file(name, update_golden):
    check_golden(name.replace(".canvas.json", ".findings.json"), findings_json(name), update_golden)


def test_docs_rules_md_is_generated_from_the_registry(update_golden):
    expected = catalogue_markdown()
    if update_golden:
        RULES_MD.write_text(expected)
    assert RULES_MD.read_text() == expected, "docs/RULES.md is stale: rerun the tests with --update-golden"


def test_the_catalogue_lists_every_rule_once_with_its_trigger_and_why():
    text = catalogue_markdown()
    ids = [r.id for r in ordered_rules()]
    assert sorted(ids) == sorted(RULES) and len(set(ids)) == len(ids)
    for r in RULES.values():
        assert text.count(f"\n## {r.id}\n") == 1
        assert r.trigger in text and r.why in text
    assert "categories without a rule: none." in text
