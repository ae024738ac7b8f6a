"""Saved documents: tagged, versioned, strictly validated with path-prefixed errors, migrated."""

from __future__ import annotations

import json

import pytest

from design.model.corrections import Correction
from design.model.document import DOC_TYPE, SCHEMA, DocumentError, SketchDocument, content_hash, dumps, from_json, loads
from design.model.sketch import Kind
from support.paths import load_example


def doc(**kw):
    base = {"canvas": load_example("chat.canvas.json"), "title": "Chat",
            "corrections": {"presence-redis": Correction(Kind.CACHE, 3)}, "requirements": "1:1 chat",
            "approach": "WebSockets + Kafka", "estimates": {"daily_users": 1e6}, "problem": "chat"}
    return SketchDocument(**{**base, **kw})


def test_round_trip_is_lossless_and_canonical():
    d = doc()
    text = dumps(d)
    again = loads(text)
    assert again == d and dumps(again) == text
    assert json.loads(text)["type"] == DOC_TYPE and json.loads(text)["schema"] == SCHEMA


def test_content_hash_changes_with_content_only():
    assert content_hash(doc()) == content_hash(doc())
    assert content_hash(doc()) != content_hash(doc(title="Chat v2"))


def good() -> dict:
    return json.loads(dumps(doc()))


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (lambda d: d.update(type="excalidraw"), "type: expected 'sketchfirst/sketch'"),
        (lambda d: d.update(schema="1"), "schema: expected an integer"),
        (lambda d: d.update(schema=SCHEMA + 1), "schema: version"),
        (lambda d: d.update(extra=1), "extra: unknown field"),
        (lambda d: d["canvas"].update(objects={}), "canvas.objects: expected a list"),
        (lambda d: d["canvas"]["objects"].append(3), "canvas.objects[25]: expected an object"),
        (lambda d: d["corrections"]["presence-redis"].update(kind="fridge"),
         'corrections.presence-redis.kind: unknown kind "fridge"'),
        (lambda d: d["corrections"]["presence-redis"].update(replicas=0), "corrections.presence-redis.replicas"),
        (lambda d: d["corrections"]["presence-redis"].update(replicas=True), "corrections.presence-redis.replicas"),
        (lambda d: d["notes"]["estimates"].update(daily_users=-1), "notes.estimates.daily_users"),
        (lambda d: d["notes"]["estimates"].update(moon_phase=1), "notes.estimates.moon_phase: unknown estimate"),
        (lambda d: d["notes"].update(requirements=3), "notes.requirements: expected text"),
        (lambda d: d.update(source="napkin"), "source: expected one of"),
        (lambda d: d.update(title="x" * 500), "title: longer than"),
    ],
)
def test_invalid_documents_are_rejected_with_the_path(mutate, error):
    data = good()
    mutate(data)
    with pytest.raises(DocumentError) as exc:
        from_json(data)
    assert str(exc.value).startswith(error.split(":")[0]) and error in str(exc.value)


def test_broken_json_says_where():
    with pytest.raises(DocumentError, match=r"^line 1: not valid JSON"):
        loads('{"type": ')


def test_migrations_run_in_order_before_validation():
    old = good()
    old["schema"] = SCHEMA - 1
    old["name"] = old.pop("title")  # pretend the previous schema called it "name"

    def rename(d):
        d = dict(d)
        d["title"] = d.pop("name")
        d["schema"] = SCHEMA
        return d

    assert from_json(old, migrations=[(SCHEMA - 1, rename)]).title == "Chat"
    with pytest.raises(DocumentError, match="no migration"):
        from_json(old, migrations=[])
