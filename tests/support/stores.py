"""Both backends behind one test fixture: a real SQLite file, or a fresh database on a real Postgres."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg

from design.store import Store, open_store


@dataclass
class Backend:
    """Where one test's store lives; every store it opens is closed when the test ends."""

    name: str  # "sqlite" or "postgres"
    url: str  # a file path for SQLite, a postgresql:// URL for Postgres
    opened: list[Store] = field(default_factory=list)

    def open(self, **kw: Any) -> Store:
        store = open_store(self.url, **kw)
        self.opened.append(store)
        return store

    @contextmanager
    def raw(self) -> Iterator[Any]:
        """A plain driver connection, in autocommit, to poke at the database behind the store's back."""
        if self.name == "sqlite":
            with closing(sqlite3.connect(self.url, isolation_level=None)) as db:
                yield db
        else:
            with psycopg.connect(self.url, autocommit=True) as db:
                yield db

    def at_schema(self, version: int) -> None:
        """Make the empty database what an older release left: migrations 1..``version`` only, recorded as such."""
        from design.store import MIGRATIONS

        with self.raw() as raw:
            if self.name == "sqlite":
                raw.executescript("".join(m.sqlite for m in MIGRATIONS[:version]))
                raw.execute(f"PRAGMA user_version={version}")
            else:
                for m in MIGRATIONS[:version]:
                    raw.execute(m.postgres)
                raw.execute("CREATE TABLE sketchfirst_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                            "applied_at TEXT NOT NULL)")
                for n, m in enumerate(MIGRATIONS[:version], 1):
                    raw.execute("INSERT INTO sketchfirst_schema VALUES (%s, %s, 'x')", (n, m.name))

    def errors(self) -> tuple[type[BaseException], ...]:
        """The driver's own integrity errors (what a trigger or a constraint raises on a raw connection)."""
        return (sqlite3.IntegrityError,) if self.name == "sqlite" else (psycopg.errors.RaiseException,
                                                                       psycopg.IntegrityError)

    def close(self) -> None:
        while self.opened:
            self.opened.pop().close()


def populate(store: Store) -> dict[str, int]:
    """Fill a store through its own methods with a bit of everything a user leaves behind.

    Three designs (one with unicode, quotes and an emoji in its labels and notes, one never saved),
    several versions each, critiques from the real offline critic with answers, decisions, drafts,
    a finished (and scored) and an open practice round, a pairing, and a design with an owner, a live
    share link opened by someone else and a revoked one. Returns the design ids by name.
    """
    from datetime import UTC, datetime, timedelta

    from critique.models import Mode
    from critique.payload import round_count, to_payload, with_answers
    from critique.request import request_for
    from critique.scorecard import RoundSignals, score_round
    from critique.select import choose_critic
    from design.analysis.analyze import analyze_document
    from design.model.document import SketchDocument
    from design.practice.pairing import make_pairing
    from design.practice.timer import Phase
    from design.store.access import signed_in
    from support.canvas_builder import box, drawing, line

    t0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    critic = choose_critic(api_key="", base_url=None, model=None, deep=False, offline=True, client=None)

    def save(design_id: int, doc: SketchDocument, driver: str | None = None) -> int:
        return store.save_version(design_id, doc, analyze_document(doc).findings, driver=driver).number

    ids = {}
    ids["shop"] = store.create_design("Shop", "url-shortener")
    parts = [box("Web app", 40, 40), box("Postgres", 400, 40), line(180, 70, 400, 70)]
    for n in range(1, 4):
        doc = SketchDocument(canvas=drawing(*parts[:n]), title=f"Shop v{n}",
                             requirements=f"- {n * 100} rps\n- p99 < 50 ms", approach="Cache-aside in front of the DB.")
        number = save(ids["shop"], doc, driver="Ada" if n % 2 else "Lin")
        payload = to_payload(critic.run(request_for(doc, Mode.STRESS)))
        cid = store.save_critique(ids["shop"], number, "stress", payload)
        if n > 1:
            store.update_critique(cid, with_answers(payload, {0: "A standby in another zone, promoted by Patroni."}))
    store.set_decision(ids["shop"], 3, "SPOF001:postgres", "disputed", "It has a standby — see the notes.")
    store.set_decision(ids["shop"], 2, "SPOF001:postgres", "accepted", "")
    store.save_draft(ids["shop"], SketchDocument(canvas=drawing(*parts, box("Redis", 400, 200)), title="Shop draft"),
                     driver="Lin")

    ids["chat"] = store.create_design("Chät «quoted» 💬")
    doc = SketchDocument(canvas=drawing(box("Gateway ✈", 40, 40), box("Kafka \"events\"", 400, 40),
                                        line(180, 70, 400, 70)),
                         title="Chät «quoted» 💬", requirements="Ünïcode\nand 'quotes' and \\ backslashes",
                         estimates={"daily_users": 1_000_000.0})
    save(ids["chat"], doc)
    save(ids["chat"], doc, driver="Bo")
    store.save_critique(ids["chat"], 2, "followup", to_payload(critic.run(request_for(doc, Mode.FOLLOWUP))))
    done = store.start_practice(ids["chat"], time_box=timedelta(minutes=45), started_at=t0, problem="chat",
                                prompt="Design a chat service")
    store.finish_practice(done.id, t0 + timedelta(minutes=41, seconds=7), round_count)
    findings = analyze_document(doc).findings
    card = score_round(RoundSignals(requirements=doc.requirements, estimates=doc.estimates, sketch=analyze_document(doc).sketch,
                                    first_findings=findings, last_findings=findings, last_version=2))
    store.save_scorecard(done.id, card.level.value, card.to_json())
    retry = store.start_practice(ids["chat"], time_box=timedelta(minutes=20), started_at=t0 + timedelta(days=1),
                                 start_phase=Phase.DEEP_DIVE)  # a retried stage: its start phase and version mark
    store.mark_revealed(retry.id, 2)  # the reference opened after v2
    store.set_pairing(ids["chat"], make_pairing("Ada", "Lin", t0, timedelta(minutes=7)))

    ids["empty"] = store.create_design("Never saved")
    store.set_pairing(ids["empty"], make_pairing("Bo", "Cy", t0 + timedelta(hours=2)))

    ada = store.as_viewer(signed_in("ada@example.org"))  # with sign-in: an owner, and share links
    ids["owned"] = ada.create_design("Ada's pastebin", "pastebin")
    save(ids["owned"], SketchDocument(canvas=drawing(*parts), title="Ada's pastebin"))
    live = ada.create_share(ids["owned"], 1)
    store.as_viewer(signed_in("lin@example.org")).open_share(live)  # Lin now has it under "Shared with me"
    ada.create_share(ids["owned"], 1)
    ada.revoke_share(ada.list_shares(ids["owned"])[0].id)  # the newer link, revoked
    return ids
