"""Every export of every example: golden files, round trips, the real PNG and SVG, hostile labels.

The subject of each golden export is a saved version (v2, with a date), with
a two-round critique and an accepted finding, so the goldens show everything
an export can carry. Findings come from the rule catalogue: when rules change,
rerun with ``--update-golden`` and read the diff.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from PIL import Image

from critique.payload import views
from design.analysis.analyze import sketch_of
from design.exports.excalidraw import excalidraw_scene, excalidraw_text
from design.exports.formats import FORMATS, PNG_SCALE, bundle_bytes, export_bytes, export_name
from design.exports.json_export import json_text
from design.exports.markdown import markdown_report
from design.exports.mermaid import mermaid_text
from design.exports.subject import ExportSubject, scene_for, subject_for
from design.model.document import SketchDocument
from design.picture.scene import BADGE_RADIUS, SEVERITY_COLOR, SEVERITY_STYLE, badge_half_width
from design.picture.svg import svg_text
from design.readers.dispatch import read_import
from support.paths import check_golden, example_names, load_example
from support.subjects import SAVED_AT, hostile_subject, subject_of

SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_for_golden(text: str) -> str:
    """The SVG without its embedded font (12 KB of base64 that would drown every diff)."""
    return re.sub(r"base64,[A-Za-z0-9+/=]+", "base64,<Pillow's Aileron>", text)


def scene_dump(subject: ExportSubject) -> str:
    scene = scene_for(subject)
    data = {
        "size": [scene.width, scene.height], "title": scene.title, "subtitle": scene.subtitle,
        "boxes": [[b.id, b.label, b.stroke, [b.box.left, b.box.top, b.box.width, b.box.height]] for b in scene.boxes],
        "arrows": [[a.id, [round(a.start.x, 2), round(a.start.y, 2)], [round(a.end.x, 2), round(a.end.y, 2)], a.color]
                   for a in scene.arrows],
        "badges": [[b.text, [round(b.center.x, 2), round(b.center.y, 2)], b.color] for b in scene.badges],
        "legend": [[r.badge, r.color, list(r.lines)] for r in scene.legend],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


GOLDEN_FORMATS = {
    "md": lambda s: markdown_report(s, image=export_name(s, "png")),
    "json": json_text,
    "mmd": mermaid_text,
    "excalidraw": excalidraw_text,
    "svg": lambda s: svg_for_golden(svg_text(scene_for(s), description=s.heading)),
    "scene.json": scene_dump,
}


@pytest.mark.parametrize("fmt", list(GOLDEN_FORMATS))
@pytest.mark.parametrize("name", example_names())
def test_every_export_of_every_example_matches_its_golden_file(name, fmt, update_golden):
    stem = name.removesuffix(".canvas.json")
    check_golden(f"exports/{stem}.{fmt}", GOLDEN_FORMATS[fmt](subject_of(name)), update_golden)


# --- round trips ----------------------------------------------------------------------------------


def graph(sketch) -> tuple[set, set]:
    return (
        {(c.id, c.label, c.kind.value) for c in sketch.components},
        {(f.id, f.source, f.target, f.label) for f in sketch.flows},
    )


@pytest.mark.parametrize("name", example_names())
def test_json_export_import_export_is_identical(name):
    subject = subject_of(name)
    text = json_text(subject)
    read = read_import("design.json", text.encode())
    again = subject_for(read.document, version=read.meta.version, saved_at=read.meta.saved_at,
                        critiques=views(read.critiques), decisions=read.decisions)
    assert json_text(again) == text
    assert read.document == subject.document


@pytest.mark.parametrize("name", example_names())
def test_mermaid_export_imports_as_the_same_graph(name):
    subject = subject_of(name)
    read = read_import("design.mmd", mermaid_text(subject))
    assert graph(sketch_of(read.document)) == graph(subject.sketch)
    assert read.document.title == subject.title, "the version suffix of the exported title is not taken as the title"


@pytest.mark.parametrize("name", example_names())
def test_excalidraw_export_imports_as_the_same_graph_and_bindings(name):
    subject = subject_of(name)
    scene = excalidraw_scene(subject)
    by_id = {e["id"]: e for e in scene["elements"]}
    arrows = [e for e in scene["elements"] if e["type"] == "arrow" and e["strokeStyle"] == "solid"]
    bound = {(by_id[a["startBinding"]["elementId"]]["customData"]["sketchfirst"]["id"],
              by_id[a["endBinding"]["elementId"]]["customData"]["sketchfirst"]["id"]) for a in arrows}
    assert bound == {(f.source, f.target) for f in subject.sketch.flows}
    for a in arrows:  # each bound shape lists the arrow back, as Excalidraw requires to keep the binding
        for key in ("startBinding", "endBinding"):
            assert {"id": a["id"], "type": "arrow"} in by_id[a[key]["elementId"]]["boundElements"]
    for e in scene["elements"]:
        if e["type"] == "text" and e["containerId"]:
            assert {"id": e["id"], "type": "text"} in by_id[e["containerId"]]["boundElements"]
    read = read_import("design.excalidraw", json.dumps(scene))
    again = sketch_of(read.document)
    assert graph(again) == graph(subject.sketch)
    assert [(d.source, d.target) for d in again.dangling] == [(d.source, d.target) for d in subject.sketch.dangling]


@pytest.mark.parametrize("name", example_names())
def test_findings_show_in_mermaid_as_severity_classes_and_in_excalidraw_as_strokes_and_a_note(name):
    from design.model.sketch import Severity

    subject = subject_of(name)
    worst = subject.worst()
    assert worst, "every example has a finding on some element"
    # Mermaid: each component with an open finding is in the class of its worst severity, in that colour.
    text = mermaid_text(subject)
    marked = {sev: set(m.group(1).split(",")) for sev in Severity
              if (m := re.search(rf"^    class (\S+) sev_{sev.value}$", text, re.M))}
    for sev in marked:
        assert f"classDef sev_{sev.value} stroke:{SEVERITY_COLOR[sev]},stroke-width:3px" in text
    components = {c.id for c in subject.sketch.components}
    expected = {sev: {cid.replace("-", "_") for cid, s in worst.items() if s is sev and cid in components}
                for sev in Severity}
    assert marked == {sev: ids for sev, ids in expected.items() if ids}
    # Excalidraw: the shape's stroke is its worst severity's colour, others ink; a note lists every finding.
    scene = excalidraw_scene(subject)
    by_id = {e["id"]: e for e in scene["elements"]}
    for c in subject.sketch.components:
        stroke = by_id[f"sf-box-{c.id}"]["strokeColor"]
        assert stroke == (SEVERITY_COLOR[worst[c.id]] if c.id in worst else "#1d2733"), c.id
    note = by_id["sf-findings"]["text"].splitlines()
    assert note[0] == "Findings (Sketchfirst):" and len(note) == len(subject.findings) + 1
    for i, f in enumerate(subject.findings, 1):
        assert note[i].startswith(f"{i}. {f.severity.value.upper()} {f.rule} ")
        assert note[i].endswith(f.message) and ((" [accepted]: " in note[i]) == (f.key in subject.accepted))


# --- the pictures ---------------------------------------------------------------------------------


def colour_share(img: Image.Image, box: tuple[float, float, float, float], colour: str) -> float:
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    x0, y0, x1, y1 = (round(v) for v in box)
    pixels = [img.getpixel((x, y)) for x in range(x0, x1) for y in range(y0, y1)]
    return sum(p == rgb for p in pixels) / max(1, len(pixels))


@pytest.mark.parametrize("name", example_names())
def test_the_png_has_the_scene_size_and_a_badge_of_the_right_colour_on_every_finding(name):
    subject = subject_of(name)
    scene = scene_for(subject)
    img = Image.open(io.BytesIO(export_bytes(subject, "png")))
    assert img.format == "PNG" and img.mode == "RGB"
    assert img.size == (round(scene.width * PNG_SCALE), round(scene.height * PNG_SCALE))
    k = PNG_SCALE
    assert scene.badges, "every example has findings or questions to badge"
    for badge in scene.badges:
        c = badge.center
        if badge.outline:  # a number mark: a white pill with a coloured rim and figure
            half = badge_half_width(badge.text) - BADGE_RADIUS
            rim = colour_share(img, ((c.x - half) * k, (c.y - 11) * k, (c.x + half) * k, (c.y - 10) * k), badge.color)
            inside = colour_share(img, ((c.x - half) * k, (c.y - 8) * k, (c.x + half) * k, (c.y + 8) * k), "#ffffff")
            assert rim > 0.8 and inside > 0.4, f"number mark {badge.text} is not an outlined {badge.color} pill"
            continue
        share = colour_share(img, (c.x * k - 9 * k, c.y * k - 8 * k, c.x * k + 9 * k, c.y * k + 8 * k), badge.color)
        assert share > 0.45, f"badge {badge.text} is not drawn in {badge.color}"
    for row in scene.legend:
        if row.outline:
            half = badge_half_width(row.badge) - BADGE_RADIUS
            rim = colour_share(img, ((row.badge_x - half) * k, (row.top - 1) * k, (row.badge_x + half) * k, row.top * k),
                               row.color)
            assert rim > 0.8, f"legend number mark {row.badge} missing"
            continue
        share = colour_share(img, (44 * k, (row.top + 4) * k, 60 * k, (row.top + 16) * k), row.color)
        assert share > 0.45, f"legend badge {row.badge} missing"


def test_a_design_without_findings_has_no_severity_colour_anywhere():
    doc = SketchDocument(canvas={"objects": [
        {"type": "LabeledRect", "label": "Static site (S3)", "left": 20, "top": 20, "width": 160, "height": 60,
         "originX": "left", "originY": "top"}]}, title="Quiet")
    subject = subject_for(doc)
    assert not subject.findings
    img = Image.open(io.BytesIO(export_bytes(subject, "png"))).convert("RGB")
    colours = {c for _, c in img.getcolors(maxcolors=1 << 20)}
    for sev_colour in SEVERITY_COLOR.values():
        assert tuple(int(sev_colour[i : i + 2], 16) for i in (1, 3, 5)) not in colours


def test_every_severity_colour_has_a_name_that_matches_its_hue():
    """The names stand for the same colours where only a name can be given (Streamlit's ``:red[...]``)."""
    import colorsys

    hues = {"red": 0, "orange": 30, "yellow": 55, "blue": 210}
    for sev, style in SEVERITY_STYLE.items():
        name = style.streamlit
        rgb = [int(SEVERITY_COLOR[sev][k:k + 2], 16) / 255 for k in (1, 3, 5)]
        hue = colorsys.rgb_to_hsv(*rgb)[0] * 360
        assert min(abs(hue - hues[name]), 360 - abs(hue - hues[name])) < 20, (sev, name, hue)


@pytest.mark.parametrize("name", example_names())
def test_the_svg_is_well_formed_and_draws_the_same_scene(name):
    subject = subject_of(name)
    scene = scene_for(subject)
    root = ET.fromstring(export_bytes(subject, "svg"))
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == f"0 0 {scene.width:g} {scene.height:g}"
    assert root.findtext(f"{SVG_NS}title") == subject.title
    assert "@font-face" in root.findtext(f"{SVG_NS}style") and "base64," in root.findtext(f"{SVG_NS}style")
    groups = {g.get("id"): g for g in root.iter(f"{SVG_NS}g")}
    badge_texts = [t.text for t in groups["badges"].iter(f"{SVG_NS}text")]
    assert badge_texts == [b.text for b in scene.badges]
    assert len(list(groups["components"].iter(f"{SVG_NS}rect"))) == len(scene.boxes)
    assert len(list(groups["flows"].iter(f"{SVG_NS}line"))) == len(scene.arrows)
    legend = " ".join(t.text or "" for t in groups["legend"].iter(f"{SVG_NS}text"))
    for f in subject.findings:
        assert f.rule in legend


def test_questions_can_be_left_off_the_picture():
    subject = subject_of("chat.canvas.json")
    with_q = scene_for(subject)
    without = scene_for(subject, probes=False)
    assert any(b.text.startswith("Q") for b in with_q.badges)
    assert not any(b.text.startswith("Q") for b in without.badges)
    assert [r.badge for r in without.legend if not r.outline] == [str(i) for i in range(1, len(subject.findings) + 1)]
    # The numbers stay: the slowest path's p99 and the weakest hop's ceiling, after the findings.
    assert [(r.badge, r.outline) for r in without.legend][-2:] == [("110ms", True), ("1k/s", True)]


def test_every_export_names_the_design_its_version_and_date():
    subject = subject_of("url-shortener.canvas.json")
    heading = "URL shortener (version 2, saved 2026-11-28)"
    assert subject.heading == heading
    for fmt in ("md", "json", "mermaid", "excalidraw", "svg"):
        text = export_bytes(subject, fmt).decode()
        assert "URL shortener" in text and "2026-11-28" in text and ("version 2" in text.lower() or '"version": 2' in text), fmt
    assert scene_for(subject).subtitle.startswith("Version 2, saved 2026-11-28")
    assert export_name(subject, "png") == "URL-shortener-v2.png"


def test_the_report_states_the_problem_in_words_when_the_shell_supplies_them():
    doc = SketchDocument(canvas=load_example("url-shortener.canvas.json"), title="Short", problem="url-shortener")
    bare = markdown_report(subject_for(doc))
    assert "**Problem:** url-shortener" in bare and "## Problem" not in bare
    worded = markdown_report(subject_for(doc, problem_statement="Design bit.ly.\nLinks may expire."))
    # bit.ly is a domain: a zero-width space keeps linkifying renderers from linking it (test_markdown_links.py).
    assert "## Problem\n\nDesign bit.&#8203;ly.  \nLinks may expire.\n" in worded and "**Problem:**" not in worded


def test_a_draft_says_it_is_unsaved():
    subject = subject_for(SketchDocument(canvas=load_example("chat.canvas.json"), title="Chat"))
    assert subject.heading == "Chat (unsaved draft)"
    assert "**Unsaved draft**" in markdown_report(subject)
    assert export_name(subject, "md") == "Chat.md"


def test_the_bundle_holds_every_format_in_a_folder_and_is_reproducible():
    subject = subject_of("news-feed.canvas.json")
    data = bundle_bytes(subject)
    assert data == bundle_bytes(subject)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert names == [f"News-feed-v2/{export_name(subject, f)}" for f in FORMATS if f != "bundle"]
        for fmt in FORMATS:
            if fmt != "bundle":
                assert zf.read(f"News-feed-v2/{export_name(subject, fmt)}") == export_bytes(subject, fmt)
        assert {i.date_time for i in zf.infolist()} == {(2026, 11, 28, 0, 0, 0)}
        assert zf.testzip() is None


# --- hostile text -----------------------------------------------------------------------------------

def parsed_tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag with its attributes, as a browser's tokenizer sees them."""
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(html)
    return found


def rendered_html(md: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(md)


def test_hostile_text_cannot_break_the_markdown_or_inject_html():
    subject = hostile_subject()
    md = markdown_report(subject, image="design.png")
    html = rendered_html(md)
    elements = parsed_tags(html)
    assert {tag for tag, _ in elements} <= {"h1", "h2", "h3", "h4", "p", "strong", "em", "img", "table", "thead",
                                             "tbody", "tr", "th", "td", "code", "ol", "li", "ul", "blockquote", "hr",
                                             "br"}
    assert all(not name.startswith("on") for _, attrs in elements for name, _ in attrs), "no event handler"
    assert [attrs for tag, attrs in elements if tag == "img"][0][0] == ("src", "design.png")
    assert html.count("<img") == 1 and '<img src="design.png"' in html
    assert "<a " not in html and "<del>" not in html, "no link or strikethrough can come from user text"
    assert html.count("<h1>") == 1 and html.count("<h2>") == md.count("\n## ")
    assert "javascript:" not in re.sub(r"\[click\]\(javascript:alert\(1\)\)", "", html.replace("\\", ""))
    for ch in ("\x00", "\x07", "\x1b", "\u202e", "\u2066", "\u200b"):
        assert ch not in md
    # Every table keeps its shape: each row has as many cells as the header, however wild the labels.
    tables = re.findall(r"<table>(.*?)</table>", html, re.S)
    assert len(tables) == 4 and len(subject.findings) >= 2  # findings, requirements checked, components, flows
    for table in tables:
        header, *rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        assert rows and all(row.count("<td") == header.count("<th") for row in rows)
    assert len(re.findall(r"<tr>", tables[1])) == 1 + 2  # the hostile requirement: a p99 and four nines
    assert len(re.findall(r"<tr>", tables[2])) == len(subject.sketch.components) + 1
    # And the text itself survives, visibly.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "x" * 10_000 in html


def test_hostile_labels_stay_inside_their_mermaid_nodes_and_read_back_the_same():
    subject = hostile_subject()
    text = mermaid_text(subject)
    node = re.compile(r'^    [a-z0-9_]+(\(\["|\{\{"|\[\("|>"|\[\["|\[/"|\("|\[")[^"\n]*("\]\)|"\}\}|"\)\]|"\]|"\]\]|"/\]|"\))$')
    body = [ln for ln in text.splitlines()[4:] if not ln.startswith("    %%")]
    nodes = [ln for ln in body if not re.match(r"    (\S+ -->|classDef |class |linkStyle )", ln)]
    assert len(nodes) == len(subject.sketch.components)
    for line in nodes:
        assert node.match(line), line
    for line in text.splitlines():
        assert all(ch.isprintable() for ch in line), repr(line)
        if line.startswith("    %%"):
            assert "%%" not in line[6:], "a comment cannot contain another comment marker"
    read = read_import("hostile.mmd", text)
    assert graph(sketch_of(read.document)) == graph(subject.sketch)


def test_hostile_text_in_svg_and_excalidraw_stays_text():
    subject = hostile_subject()
    root = ET.fromstring(export_bytes(subject, "svg"))
    labels = {t.text for g in root.iter(f"{SVG_NS}g") if g.get("id") == "components" for t in g.iter(f"{SVG_NS}text")}
    assert any(t and t.startswith("<script>alert(1)") for t in labels), "escaped by XML, read back as the text"
    scene = json.loads(export_bytes(subject, "excalidraw"))
    texts = {e["text"] for e in scene["elements"] if e["type"] == "text" and e["containerId"]}
    assert "<script>alert(1)</script>" in texts
    assert read_import("x.excalidraw", json.dumps(scene)).document.canvas["objects"]


def test_only_the_newest_critique_of_each_mode_is_exported():
    from design.exports.subject import latest_critiques

    rows = [(1, 2, "stress", "t1", {"n": "old stress"}), (2, 2, "harder", "t2", {"n": "harder"}),
            (3, 2, "stress", "t3", {"n": "fresh stress"})]
    assert latest_critiques(rows) == [{"n": "harder"}, {"n": "fresh stress"}]


@pytest.mark.parametrize("name", example_names())
def test_a_real_offline_critique_payload_exports_with_its_questions_on_their_targets(name):
    """The critique stage's own payload (not a hand-made one) goes into the report and onto the picture."""
    from critique.models import Mode
    from critique.payload import to_payload, with_answers
    from critique.request import request_for
    from critique.select import choose_critic

    doc = SketchDocument(canvas=load_example(name), title="Example")
    critique = choose_critic(api_key=None, base_url=None, model=None, deep=False, offline=True).run(
        request_for(doc, Mode.STRESS, problems={}))
    payload = with_answers(to_payload(critique), {0: "My answer to the first question."})
    subject = subject_for(doc, version=1, saved_at=SAVED_AT, critiques=views([payload]))
    md = markdown_report(subject)
    assert critique.probes, "the offline critic always asks something"
    for p in critique.probes:
        assert md.count("**Q") >= len(critique.probes)
        assert p.question.split()[0] in md
    assert "My answer to the first question." in md
    scene = scene_for(subject)
    q_badges = [b for b in scene.badges if b.text.startswith("Q")]
    expected = sum(min(3, len(set(p.targets) & subject.sketch.ids)) for p in critique.probes)
    assert len(q_badges) == expected


def test_the_png_spells_what_its_font_cannot_draw():
    from design.picture.png import drawable

    assert drawable("What runs out first — CPU → x × 3") == "What runs out first - CPU -> x x 3"
    assert drawable("Zahlungsdienst für Straße, naïve café") == "Zahlungsdienst fur Strasse, naive cafe"
    assert drawable("日本 ✓") == "?? ?"
    assert drawable("Plain ASCII (and “quotes” …)") == "Plain ASCII (and “quotes” …)"
