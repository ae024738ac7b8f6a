"""The ``sketchfirst`` command: the same analysis as the app, for terminals and CI.

A thin shell: it reads files and the environment, calls the pure core, prints,
and maps outcomes to exit codes (0 done, 1 a finding at or above ``--fail-on``,
2 unreadable input). Errors are one readable line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from critique.models import Mode
from critique.payload import contract_json, views
from critique.problems import ProblemError, load_problems
from critique.request import request_for
from critique.rubric import Level
from design.analysis.analyze import Analysis, analyze_document
from design.analysis.json_contract import analysis_json
from design.analysis.kill import KillReport, UnknownComponent, describe, kill
from design.canvas.work import LayoutTooDense
from design.exports.files import LinkRefused, refuse_link, write_file
from design.exports.formats import FORMATS, export_bytes, export_name
from design.exports.subject import ExportSubject, latest_critiques, subject_for
from design.model.critique_view import CritiqueView
from design.model.document import SketchDocument
from design.model.echo import echo_name, escape_unprintable
from design.model.labels import MAX_LABEL, clean_label
from design.model.sketch import Finding, Severity
from design.readers.dispatch import MAX_INPUT_BYTES, InputError, read_import
from design.readers.limited import TooLarge, read_limited, read_path
from design.readers.result import Imported
from design.sizing.capacity import CapacityError, load_capacity
from design.store import (
    MIGRATIONS,
    StoreError,
    compare,
    copy_database,
    database_url,
    normal_email,
    open_store,
    parse_id,
)

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
PROBLEMS = Path(__file__).with_name("examples") / "problems"


class CliError(Exception):
    """A problem to report on stderr with exit code 2."""


def _read_bytes(path: str, shown: str) -> bytes:
    """At most MAX_INPUT_BYTES from a file, device, FIFO or stdin (``-``); the size a file reports is never trusted."""
    try:
        if path == "-":
            with open(sys.stdin.fileno(), "rb", buffering=0, closefd=False) as raw:
                return read_limited(raw, MAX_INPUT_BYTES)
        return read_path(path, MAX_INPUT_BYTES)
    except TooLarge as exc:
        raise CliError(f"{shown}: {exc}") from None
    except FileNotFoundError:
        raise CliError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{shown}: is a directory") from None
    except OSError as exc:
        raise CliError(f"{shown}: cannot read ({exc.strerror})") from None


def _shown(path: str) -> str:
    return "standard input" if path == "-" else echo_name(path)


def _read(path: str) -> Imported:
    shown = _shown(path)
    data = _read_bytes(path, shown)
    try:
        return read_import("-" if path == "-" else Path(path).name, data)
    except InputError as exc:
        raise CliError(f"{shown}: {exc}") from None


def _text_report(path: str, result: Analysis, read_notes: Sequence[object] = ()) -> str:
    s = result.sketch
    lines = [
        f"{_shown(path)}: {len(s.components)} components, {len(s.flows)} flows, {len(result.findings)} findings",
    ]
    if s.components:
        lines.append("")
        lines.append("components:")
        for c in s.components:
            reps = f" ×{c.replicas}" if c.replicas > 1 else ""
            about = "; ".join(x for x in (c.pool_text, "managed" if c.managed else "") if x)
            lines.append(f"  {c.id:<24} {c.kind.value:<15}{reps}  {c.label}" + (f"  ({about})" if about else ""))
    if s.groups:
        lines.append("")
        lines.append("groups:")
        for g in s.groups:
            zone = f" [zone: {g.zone}]" if g.zone else ""
            lines.append(f"  {g.id:<24} {g.title}{zone}: {', '.join(g.members)}")
    if result.findings:
        lines.append("")
        lines.append("findings:")
        for i, f in enumerate(result.findings, 1):
            where = ", ".join(f.elements) or "whole design"
            lines.append(f"  {i:>2}. {f.severity.value.upper():<6} {f.rule:<8} [{where}] {f.message}")
    if result.numbers is not None and s.components:
        lines.append("")
        lines.append("numbers (typical figures per kind; --format json shows the working):")
        lines.extend(f"  {line}" for line in result.numbers.headline())
        checked = [(r.line, c) for r in result.numbers.requirements for c in r.checks]
        if checked:
            lines.append("")
            lines.append("requirements:")
            for line, c in checked:
                lines.append(f"  [{c.status.words}] {line} ({c.target.describe()}): {c.detail}")
                if c.missing:
                    lines.append(f"      missing: {c.missing}")
    notes = _unique_notes(read_notes, s.notes)
    if notes:
        lines.append("")
        lines.append("notes (objects skipped or repaired):")
        lines.extend(f"  {n}" for n in notes)
    return "\n".join(lines)


def _unique_notes(*groups: Sequence[object]) -> list[str]:
    """The reader's notes, then recognition's, each said once (an import's objects name the same lines)."""
    return list(dict.fromkeys(str(n) for group in groups for n in group))


def _capacity_option(path: str | None) -> dict[str, object]:
    """``--capacity FILE``: the user's own capacity table instead of the packaged one."""
    if not path:
        return {}
    shown = _shown(path)
    try:
        return {"capacity": load_capacity(_read_bytes(path, shown))}
    except CapacityError as exc:
        raise CliError(f"{shown}: {exc}") from None


def _kill_drill(result: Analysis, component_id: str) -> KillReport:
    try:
        return kill(result.sketch, component_id)
    except UnknownComponent as exc:
        raise CliError(f"--kill: {exc}") from None


def _requirements_option(document: SketchDocument, extra: Sequence[str] | None) -> dict[str, object]:
    """``--require LINE``: requirement lines checked beside (and after) the ones the document carries."""
    if not extra:
        return {}
    return {"requirements": "\n".join([document.requirements, *(clean_label(line) for line in extra)]).strip()}


def cmd_analyze(args: argparse.Namespace) -> int:
    read = _read(args.path)
    options = {**_capacity_option(args.capacity), **_requirements_option(read.document, args.require)}
    result = analyze_document(read.document, options)
    drill = _kill_drill(result, args.kill) if args.kill else None
    if args.format == "json":
        out = analysis_json(result.sketch, result.findings, result.numbers)
        if drill is not None:
            out["kill"] = drill.to_json()
        print(_json_out(out))
        for note in _unique_notes(read.notes, result.sketch.notes):
            print(f"note: {note}", file=sys.stderr)
    else:
        print(_text_report(args.path, result, read.notes))
        if drill is not None:
            print(f"\nkill {drill.component}:")
            print("\n".join(f"  {line}" for line in describe(drill, result.sketch)))
    return _gate(args.fail_on, result.findings)


def _gate(fail_on: str | None, findings: Sequence[Finding]) -> int:
    if fail_on:
        threshold = Severity(fail_on).rank
        if any(f.severity.rank >= threshold for f in findings):
            return EXIT_FINDINGS
    return EXIT_OK


def _title(raw: str) -> str:
    """A --title cut like every other title (a longer one would give a JSON export that no reader accepts)."""
    return clean_label(raw)[:MAX_LABEL].strip() or "Untitled design"


def _problem_statement(problem_id: str | None) -> str:
    """The bank problem's prompt for the report; the document stores only the id."""
    if not problem_id:
        return ""
    try:
        problem = load_problems(PROBLEMS).get(problem_id)
    except ProblemError as exc:
        print(f"note: the problem bank could not be read, so the report names the problem only: {exc}",
              file=sys.stderr)
        return ""
    return problem.prompt if problem is not None else ""


def _export_subject(args: argparse.Namespace) -> tuple[ExportSubject, Path | None]:
    """The design to export: a file (PATH), or a saved version from the database (--design/--version)."""
    if args.design is None:
        if args.path is None:
            raise CliError("export needs a PATH, or --design ID to export a saved version")
        read = _read(args.path)
        for note in read.notes:
            print(f"note: {note}", file=sys.stderr)
        document = read.document
        if args.title:
            document = dataclasses.replace(document, title=_title(args.title))
        subject = subject_for(document, version=read.meta.version, saved_at=read.meta.saved_at,
                              critiques=_critique_views(read.critiques), decisions=read.decisions,
                              problem_statement=_problem_statement(document.problem))
        return subject, (None if args.path == "-" else Path(args.path))
    if args.path is not None:
        raise CliError("give either PATH or --design, not both")
    try:
        with open_store(database_url(os.environ)) as db:
            number = args.version if args.version is not None else db.latest_number(args.design)
            if number is None:
                raise CliError(f"design {args.design} has no saved version")
            saved = db.load_version(args.design, number)
            critiques = latest_critiques(db.list_critiques(args.design, number))
            decisions = db.decisions(args.design, number)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    document = dataclasses.replace(saved.document, title=_title(args.title)) if args.title else saved.document
    subject = subject_for(document, version=number, saved_at=saved.info.created_at,
                          critiques=_critique_views(critiques), decisions=decisions,
                          problem_statement=_problem_statement(document.problem))
    return subject, None


def _critique_views(payloads: Sequence[object]) -> tuple[CritiqueView, ...]:
    """Stored critiques read back by the critique stage; what it left out or cut is said on stderr."""
    out = views(payloads)
    for note in (n for v in out for n in v.left_out):
        print(f"note: {note}", file=sys.stderr)
    return out


def _check_target(target: Path, source: Path | None) -> None:
    if source is not None and target.resolve() == source.resolve():
        raise CliError(f"{echo_name(str(target))}: this would overwrite the input; pass -o with another name")
    try:
        refuse_link(target)
    except LinkRefused as exc:
        raise CliError(f"{echo_name(str(target))}: {exc}") from None


def _write(target: Path, data: bytes) -> None:
    try:
        write_file(target, data)
    except LinkRefused as exc:
        raise CliError(f"{echo_name(str(target))}: {exc}") from None
    except OSError as exc:
        raise CliError(f"{echo_name(str(target))}: cannot write ({exc.strerror})") from None
    print(echo_name(str(target)))


def _export_target(output: str | None, name: str) -> Path:
    """Where ``-o`` says to write: a file, or ``name`` inside a directory (one ending in a slash is created)."""
    if not output:
        return Path(name)
    target = Path(output)
    if output.endswith(("/", os.sep)) and not target.is_dir():
        try:
            target.mkdir(parents=True)
        except OSError as exc:
            raise CliError(f"{echo_name(output)}: cannot create the directory ({exc.strerror})") from None
    return target / name if target.is_dir() else target


def cmd_export(args: argparse.Namespace) -> int:
    """Write the design in one format (or a zip of all) and print what was written."""
    subject, source = _export_subject(args)
    probes = not args.no_questions
    data = export_bytes(subject, args.to, probes)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return _gate(args.fail_on, subject.findings)
    target = _export_target(args.output, export_name(subject, args.to))
    writes = [(target, data)]
    if args.to == "md":  # the report shows the picture from beside it
        writes.append((target.parent / export_name(subject, "png"), export_bytes(subject, "png", probes)))
    for path, _ in writes:  # every target is checked before any is written: nothing half-exported
        _check_target(path, source)
    for path, content in writes:
        _write(path, content)
    return _gate(args.fail_on, subject.findings)


def _critique_text(path: str, critique) -> str:
    """The critique for a terminal: every field the critic wrote is cleaned as labels are (no escape sequences)."""
    t = clean_label
    title = "offline critic" if critique.model is None else f"{t(critique.critic)} ({t(critique.model)})"
    lines = [f"{_shown(path)}: {critique.mode.title} by the {title}, {len(critique.probes)} questions"]
    for i, p in enumerate(critique.probes, 1):
        lines.append("")
        lines.append(f"Q{i}. [{p.severity.value.upper()} · {t(p.category)}] {t(p.question)}")
        lines.append(f"     why: {t(p.why_it_matters)}")
        lines.append(f"     about: {', '.join(t(x) for x in p.targets)}")
    if critique.notes:
        lines.append("")
        lines.append("notes:")
        lines.extend(f"  {t(str(n))}" for n in critique.notes)
    return "\n".join(lines)


def _json_out(data: object) -> str:
    """Exact JSON, with C1 controls, bidi overrides and lone surrogates escaped too (json.dumps leaves them raw)."""
    return escape_unprintable(json.dumps(data, indent=2, ensure_ascii=False))


def cmd_critique(args: argparse.Namespace) -> int:
    """Probe a design with the same critics as the app; a fallback to offline still exits 0."""
    read = _read(args.path)
    document = read.document
    notes: list[str] = [str(n) for n in read.notes]
    problems = {}
    if document.problem:
        try:
            problems = load_problems(PROBLEMS)
        except ProblemError as exc:
            notes.append(f"The problem bank could not be read, so the problem's checklist was not used: {exc}")
        if problems and document.problem not in problems:
            notes.append(f"Unknown problem {document.problem!r}: critiqued without its checklist.")
    request = request_for(document, Mode(args.mode), problems=problems, level=Level(args.level))
    from critique.select import build_client, choose_critic  # here: analyze and export never load a critic

    key = (os.environ.get("ANTHROPIC_API_KEY") or "").strip()
    base_url = os.environ.get("ANTHROPIC_BASE_URL")
    # Build the client here so it is closed here: a client left to the garbage collector leaks its socket.
    client = build_client(key, base_url) if key and not args.offline else None
    try:
        choice = choose_critic(api_key=key, base_url=base_url, model=os.environ.get("SKETCHFIRST_MODEL"),
                               deep=args.deep, offline=args.offline, client=client)
        critique = choice.run(request)
    finally:
        if client is not None:
            client.close()
    if notes:
        critique = dataclasses.replace(critique, notes=(*critique.notes, *notes))
    if args.format == "json":
        print(_json_out(contract_json(critique)))
    else:
        print(_critique_text(args.path, critique))
    return EXIT_OK


def cmd_db_migrate(args: argparse.Namespace) -> int:
    """Bring a database to this release's schema (opening it does the same; this says what it did)."""
    try:
        with open_store(args.db or database_url(os.environ), create=not args.existing) as db:
            before, after, where = db.migrated_from, db.schema_version, db.location
    except StoreError as exc:
        raise CliError(str(exc)) from None
    for n in range(before, after):
        print(f"applied migration {n + 1}: {MIGRATIONS[n].name}")
    state = "already up to date" if before == after else f"upgraded from schema {before}"
    print(f"{where}: schema {after} ({state})")
    return EXIT_OK


def cmd_db_copy(args: argparse.Namespace) -> int:
    """Copy every row of one database into an empty one, then compare the two row by row."""
    try:
        with open_store(args.source, create=False) as source, open_store(args.target) as target:
            report = copy_database(source, target)
            differences = compare(source, target)
            where = (source.location, target.location)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if differences:
        raise CliError(f"copied, but the target differs from the source: {'; '.join(differences)}")
    print(f"copied {report.summary()} from {where[0]} to {where[1]}; every row compared equal")
    return EXIT_OK


def cmd_db_owner(args: argparse.Namespace) -> int:
    """Give designs to a person, for a server with sign-in (designs copied in from a laptop have no owner)."""
    try:
        email = normal_email(args.email)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    try:
        with open_store(args.db or database_url(os.environ), create=False) as db:
            if args.design:
                for design_id in args.design:
                    db.set_owner(design_id, email)
                count = len(args.design)
            else:
                count = db.give_unowned(email)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    print(f"{count} design{'' if count == 1 else 's'} now belong{'s' if count == 1 else ''} to {email}")
    return EXIT_OK


def _id(what: str):
    """An argparse type for ids: a whole number from 1 up to what the store can hold, or a clear error."""
    def parse(text: str) -> int:
        try:
            return parse_id(text, what)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return parse


def cmd_app(args: argparse.Namespace) -> int:
    """Start the browser app (loopback unless --address says otherwise)."""
    app = Path(__file__).with_name("app.py")
    if not app.exists():
        raise CliError("app.py not found next to cli.py; run from a source checkout")
    argv = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.address", args.address, "--server.port", str(args.port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        # One run at a time per tab, as .streamlit/config.toml says (read only when started from the checkout).
        "--runner.fastReruns", "false",
    ]
    os.execv(sys.executable, argv)
    return EXIT_OK  # pragma: no cover


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sketchfirst",
        description="Failure-point analysis of system-design sketches (canvas JSON, saved documents, "
        "Mermaid flowcharts and Excalidraw scenes).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("analyze", help="list the components, flows and failure points of a design")
    p.add_argument("path", metavar="PATH",
                   help="canvas JSON, a saved document or export, .mmd/.md Mermaid, .excalidraw; '-' reads stdin")
    p.add_argument("--format", choices=("json", "text"), default="text", help="output format (default: text)")
    p.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        help="exit 1 when a finding at or above this severity exists",
    )
    p.add_argument("--kill", metavar="ID", help="drill: which entry→sink routes break and what is lost if component ID dies")
    p.add_argument("--capacity", metavar="FILE", help="capacity table to use instead of design/sizing/data/capacity.json")
    p.add_argument("--require", metavar="LINE", action="append",
                   help="a requirement to check as if written in the notes, e.g. 'p99 under 200 ms' (repeatable)")
    p.set_defaults(run=cmd_analyze)

    p = sub.add_parser(
        "export",
        help="write the annotated design as PNG, SVG, Markdown, JSON, Mermaid, Excalidraw or a zip of all",
        description="Export a design file (canvas JSON, saved document, JSON export, Mermaid, Excalidraw) or a "
        "saved version from the database. The file name defaults to the design title (and version).",
    )
    p.add_argument("path", metavar="PATH", nargs="?", help="the design file (or use --design)")
    p.add_argument("--to", choices=list(FORMATS), required=True, help="output format")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="output file or directory; '-' writes to stdout (default: named after the title)")
    p.add_argument("--design", type=_id("design"), metavar="ID", help="export a saved design from the database instead")
    p.add_argument("--version", type=_id("version"), metavar="N", help="with --design: the version (default: latest)")
    p.add_argument("--title", help="the design title to use (default: from the file or the saved design)")
    p.add_argument("--no-questions", action="store_true", help="leave the critic's questions off the picture")
    p.add_argument("--fail-on", choices=[s.value for s in Severity],
                   help="exit 1 when a finding at or above this severity exists (after writing)")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("critique", help="ask the critic (Claude with a key, else offline) hostile questions about a design")
    p.add_argument("path", metavar="PATH", help="any input that analyze reads")
    p.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.STRESS.value,
                   help="stress test, interviewer follow-ups, harder variant, or check my estimates (default: stress)")
    p.add_argument("--offline", action="store_true", help="use the offline critic even when ANTHROPIC_API_KEY is set")
    p.add_argument("--deep", action="store_true", help="use the deeper (slower, dearer) Claude model")
    p.add_argument("--level", choices=[lv.value for lv in Level], default=Level.SENIOR.value,
                   help="the interview level: mid probes the basics, staff adds regions, cost and teams "
                        "(default: senior)")
    p.add_argument("--format", choices=("json", "text"), default="text", help="output format (default: text)")
    p.set_defaults(run=cmd_critique)

    p = sub.add_parser("db", help="migrate a database, or copy one into another (SQLite to Postgres)",
                       description="The database is SKETCHFIRST_DB: a file path, sqlite:///PATH, or postgresql://… "
                       "(default: a file in your data directory).")
    db = p.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    q = db.add_parser("migrate", help="bring the database to this release's schema and say what was applied")
    q.add_argument("--db", metavar="URL", help="the database (default: SKETCHFIRST_DB or the per-user file)")
    q.add_argument("--existing", action="store_true", help="refuse to create an SQLite file that is not there")
    q.set_defaults(run=cmd_db_migrate)
    q = db.add_parser("copy", help="copy every design, version, critique, draft and round into an empty database",
                      description="Copy a whole database into an empty one (typically a single-user SQLite file "
                      "into a shared Postgres), keeping every id, number, time and byte, in one transaction; "
                      "then compare both row by row.")
    q.add_argument("--from", dest="source", required=True, metavar="URL", help="sqlite:///PATH, a path, or postgresql://…")
    q.add_argument("--to", dest="target", required=True, metavar="URL", help="an empty database: postgresql://… or sqlite:///PATH")
    q.set_defaults(run=cmd_db_copy)
    q = db.add_parser("owner", help="give designs to a person (a server with sign-in shows each person their own)",
                      description="Give the named designs, or every design that has no owner yet (such as those "
                      "copied in from a single-user file), to the person signed in with EMAIL.")
    q.add_argument("--email", required=True, help="their address, as their identity provider gives it")
    which = q.add_mutually_exclusive_group(required=True)
    which.add_argument("--design", type=_id("design"), action="append", metavar="ID", help="a design (repeatable)")
    which.add_argument("--unowned", action="store_true", help="every design that has no owner")
    q.add_argument("--db", metavar="URL", help="the database (default: SKETCHFIRST_DB or the per-user file)")
    q.set_defaults(run=cmd_db_owner)

    p = sub.add_parser("app", help="start the browser app on 127.0.0.1")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default="127.0.0.1", help="bind address (default 127.0.0.1; see README before changing)")
    p.set_defaults(run=cmd_app)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (CliError, LayoutTooDense) as exc:  # a stored design too dense to recognise is refused like a file
        print(f"sketchfirst: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
