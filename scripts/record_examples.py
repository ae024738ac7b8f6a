"""Record the example sketches by drawing them with a real mouse on the real canvas.

Why: examples and golden files must be what the canvas component really
emits (Fabric 7.4 JSON with its origins, fractional offsets and text objects),
not JSON we imagined. This script starts the app on a free loopback port,
draws each design below in Chromium (boxes with the Component tool, arrows
with the Flow tool in the direction of the call, flow labels with the Text
tool), saves it, and copies the saved canvas JSON into ``examples/``.

Run: ``.venv/bin/python scripts/record_examples.py [name ...]``
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from playwright.sync_api import sync_playwright  # noqa: E402

from design.model.geometry import Box, Point, clip_to_box  # noqa: E402
from design.store import open_store  # noqa: E402
from support.browser import draw_component, draw_flow, open_app, pick_tool, wait_idle  # noqa: E402
from support.server import CHROMIUM, CHROMIUM_ARGS, AppServer  # noqa: E402

Rect = tuple[int, int, int, int]


@dataclass
class Spec:
    file: str
    title: str
    description: str
    problem: str | None
    boxes: dict[str, tuple[str, Rect]]
    # (from box, to box, flow label); a box name of None with a point draws a loose end
    flows: list[tuple[str | tuple[int, int], str | tuple[int, int], str]]
    texts: list[tuple[int, int, str]] = field(default_factory=list)
    freehand: list[tuple[int, int, int, int]] = field(default_factory=list)


EXAMPLES = [
    Spec(
        "url-shortener.canvas.json",
        "URL shortener",
        "A read-heavy shortener with a cache, a replicated database and an ID generator.",
        "url-shortener",
        {
            "users": ("Users", (20, 190, 120, 250)),
            "lb": ("Load balancer x2", (160, 190, 290, 250)),
            "api": ("Shortener API x3", (330, 190, 470, 250)),
            "cache": ("Redis cache (cluster)", (560, 70, 730, 130)),
            "db": ("Postgres primary/replica", (560, 310, 730, 370)),
            "ids": ("ID generator x2", (330, 380, 470, 440)),
            "metrics": ("Prometheus", (20, 380, 150, 440)),
        },
        [
            ("users", "lb", ""),
            ("lb", "api", ""),
            ("api", "cache", "read"),
            ("api", "db", "write"),
            ("api", "ids", "next id"),
            ("api", "metrics", "metrics"),
        ],
    ),
    Spec(
        "chat.canvas.json",
        "Chat system",
        "One-to-one chat over WebSockets with Kafka fan-out, presence and push notifications.",
        "chat",
        {
            "app": ("Mobile app", (15, 200, 115, 260)),
            "gw": ("WebSocket gateway x3", (150, 200, 300, 260)),
            "auth": ("Auth service", (150, 50, 300, 110)),
            "chat": ("Chat service x3", (350, 200, 490, 260)),
            "kafka": ("Kafka (cluster)", (560, 200, 700, 260)),
            "fanout": ("Fanout worker x2", (560, 340, 700, 400)),
            "store": ("Cassandra cluster", (350, 50, 490, 110)),
            "presence": ("Presence (Redis)", (330, 340, 470, 400)),
            "push": ("Push (APNs/FCM)", (560, 440, 700, 490)),
        },
        [
            ("app", "gw", "connect"),
            ("gw", "auth", "verify token"),
            ("gw", "chat", "send"),
            ("chat", "store", "write"),
            ("chat", "kafka", "publish"),
            ("kafka", "fanout", "consume"),
            ("fanout", "presence", "read"),
            ("fanout", "push", "notify"),
        ],
    ),
    Spec(
        "news-feed.canvas.json",
        "News feed",
        "Fan-out-on-write feed with a CDN for media; the gateway and posts database stand alone.",
        "news-feed",
        {
            "users": ("Users", (15, 210, 105, 270)),
            "cdn": ("CDN", (15, 60, 105, 120)),
            "media": ("Media (S3)", (160, 20, 280, 80)),
            "gw": ("API gateway", (150, 210, 270, 270)),
            "feed": ("Feed service x3", (320, 120, 450, 180)),
            "post": ("Post service x2", (320, 300, 450, 360)),
            "fcache": ("Feed cache (Redis)", (520, 40, 690, 100)),
            "db": ("Posts DB (MySQL)", (520, 210, 690, 270)),
            "queue": ("Fanout queue (SQS)", (520, 340, 690, 400)),
            "workers": ("Fanout workers x4", (320, 430, 460, 490)),
        },
        [
            ("users", "cdn", "images"),
            ("cdn", "media", "read"),
            ("users", "gw", ""),
            ("gw", "feed", "get feed"),
            ("gw", "post", "new post"),
            ("feed", "fcache", "read"),
            ("feed", "db", "read"),
            ("post", "db", "write"),
            ("post", "queue", "enqueue"),
            ("queue", "workers", ""),
            ("workers", "fcache", "write"),
        ],
    ),
    Spec(
        "rate-limiter.canvas.json",
        "Rate limiter",
        "A distributed rate limiter in front of an API, with counters in one Redis.",
        "rate-limiter",
        {
            "clients": ("Clients", (15, 200, 115, 260)),
            "gw": ("API gateway x2", (160, 200, 300, 260)),
            "rl": ("Rate limiter x2", (350, 80, 490, 140)),
            "redis": ("Redis counters", (560, 80, 720, 140)),
            "rules": ("Rules config (etcd)", (560, 230, 720, 290)),
            "api": ("Backend API x3", (350, 330, 490, 390)),
            "db": ("Orders DB (Postgres)", (560, 380, 720, 440)),
        },
        [
            ("clients", "gw", ""),
            ("gw", "rl", "check"),
            ("rl", "redis", "incr"),
            ("rl", "rules", "read"),
            ("gw", "api", "forward"),
            ("api", "db", "write"),
        ],
    ),
    Spec(
        "video-upload.canvas.json",
        "Video upload",
        "Uploads transcoded synchronously inside the request: the slow path sits on the hot path.",
        "video-streaming",
        {
            "users": ("Creators", (15, 200, 115, 260)),
            "lb": ("Nginx x2", (150, 200, 260, 260)),
            "upload": ("Upload API x3", (310, 200, 440, 260)),
            "trans": ("Transcoder", (500, 200, 630, 260)),
            "s3": ("Video store (S3)", (500, 360, 660, 420)),
            "db": ("Videos DB", (310, 60, 440, 120)),
        },
        [
            ("users", "lb", "upload"),
            ("lb", "upload", ""),
            ("upload", "trans", "transcode"),
            ("trans", "s3", "write"),
            ("upload", "db", "write"),
        ],
    ),
    Spec(
        "sloppy.canvas.json",
        "Sloppy first draft",
        "A deliberately rough sketch: an unnamed box, a loose arrow, an island and a freehand stroke.",
        None,
        {
            "browser": ("Browser", (20, 200, 120, 260)),
            "web": ("web", (200, 200, 320, 260)),
            "db": ("db", (420, 360, 540, 420)),
            "blank": ("", (420, 60, 540, 120)),
            "cache": ("cache", (620, 380, 740, 440)),
        },
        [
            ("browser", "web", ""),
            ("browser", "db", "query"),
            ("web", (300, 450), ""),
            ("web", "blank", ""),
        ],
        texts=[(40, 420, "TODO: auth?")],
        freehand=[(300, 250, 450, 385)],
    ),
]


def _endpoints(a: Rect, b: Rect) -> tuple[Point, Point]:
    """Start and end a little inside each box, on the line between their centres."""
    ba, bb = Box(a[0], a[1], a[2] - a[0], a[3] - a[1]), Box(b[0], b[1], b[2] - b[0], b[3] - b[1])
    s = clip_to_box(ba.center, bb.center, ba)
    e = clip_to_box(bb.center, ba.center, bb)

    def inward(p: Point, c: Point) -> Point:
        dx, dy = c.x - p.x, c.y - p.y
        n = max((dx * dx + dy * dy) ** 0.5, 1)
        return Point(p.x + 6 * dx / n, p.y + 6 * dy / n)

    return inward(s, ba.center), inward(e, bb.center)


def _label_spot(spec: Spec, lines: list[tuple[Point, Point]], i: int, label: str) -> tuple[float, float]:
    """Where to click so the typed label sits beside arrow ``i``, inside no box, nearest to that arrow.

    Text starts at the click; its centre lands about half its width to the right.
    """
    from design.canvas.recognize import _segment_distance

    s, e = lines[i]
    width = 8.5 * len(label)
    boxes = [Box(x1 - 4, y1 - 4, x2 - x1 + 8, y2 - y1 + 8) for _, (x1, y1, x2, y2) in spec.boxes.values()]
    # First pass: text clear of every box; second: only its centre clear (short arrows).
    candidates = [
        (relaxed, t, dy)
        for relaxed in (False, True)
        for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74)
        for dy in (-14, 14, -20, 20)
    ]
    for relaxed, t, dy in candidates:
        cx, cy = s.x + (e.x - s.x) * t, s.y + (e.y - s.y) * t + dy
        text = Box(cx - width / 2, cy - 10, width, 20)
        mine = _segment_distance(Point(cx, cy), s, e)
        others = [_segment_distance(Point(cx, cy), a, b) for j, (a, b) in enumerate(lines) if j != i]
        clear = not any(_overlap(text, b) for b in boxes)
        centre_free = not any(b.contains(Point(cx, cy)) for b in boxes)
        if (clear or (relaxed and centre_free)) and all(o > mine + 10 for o in others):
            return cx - width / 2, cy - 10
    raise ValueError(f"no room for the label {label!r}")


def _overlap(a: Box, b: Box) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def _type_text(page, x: float, y: float, text: str) -> None:
    from support.browser import canvas_box

    pick_tool(page, "Text")
    box = canvas_box(page)
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_timeout(200)
    page.keyboard.type(text)
    page.keyboard.press("Escape")
    wait_idle(page)


def record(spec: Spec, page, app_url: str, db_path: Path) -> dict:
    open_app(page, app_url)
    page.get_by_role("button", name="New design").click()
    wait_idle(page)
    for _name, (label, (x1, y1, x2, y2)) in spec.boxes.items():
        draw_component(page, label or " ", x1, y1, x2, y2)
    lines: list[tuple[Point, Point]] = []
    for src, dst, _label in spec.flows:
        a = spec.boxes[src][1] if isinstance(src, str) else None
        b = spec.boxes[dst][1] if isinstance(dst, str) else None
        if a and b:
            lines.append(_endpoints(a, b))
        elif a and not isinstance(dst, str):
            lines.append((_endpoints(a, (dst[0] - 1, dst[1] - 1, dst[0] + 1, dst[1] + 1))[0], Point(*dst)))
        else:
            raise ValueError("a flow needs a box at its start")
    lines += [(Point(x1, y1), Point(x2, y2)) for x1, y1, x2, y2 in spec.freehand]
    spots = [_label_spot(spec, lines, i, label) if label else None for i, (_, _, label) in enumerate(spec.flows)]
    for (s, e), (_, _, label), spot in zip(lines, spec.flows, spots, strict=False):
        draw_flow(page, s.x, s.y, e.x, e.y)
        if spot:
            _type_text(page, *spot, label)
    for x, y, text in spec.texts:
        _type_text(page, x, y, text)
    if spec.freehand:
        pick_tool(page, "Freehand")
        from support.browser import drag

        for x1, y1, x2, y2 in spec.freehand:
            drag(page, x1, y1, x2, y2)
    title = page.get_by_role("textbox", name="Design title")
    title.fill(spec.title)
    title.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page)
    store = open_store(db_path)
    design = next(d for d in store.list_designs() if d.title == spec.title)
    return dict(store.latest_version(design.id).document.canvas)


def main(names: list[str]) -> None:
    chosen = [s for s in EXAMPLES if not names or s.file.split(".")[0] in names]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "record.db"
        server = AppServer(db)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
                for spec in chosen:
                    canvas = record(spec, page, server.url, db)
                    (ROOT / "examples" / spec.file).write_text(json.dumps(canvas, indent=1) + "\n")
                    print(f"recorded {spec.file}: {len(canvas['objects'])} objects")
                browser.close()
        finally:
            server.stop()
    index = [
        {"file": s.file, "title": s.title, "description": s.description, "problem": s.problem} for s in EXAMPLES
    ]
    (ROOT / "examples" / "index.json").write_text(json.dumps(index, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
