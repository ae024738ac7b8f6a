"""The Excalidraw scenes and canvas drawings of the fidelity corpus, as the code that draws them.

Each function draws one architecture the way people draw it when they do not
know Sketchfirst's conventions (frames and boxes around groups, numbered and
identical boxes, arrows with two heads or drawn backwards, labels typed as free
text, descriptions on a second line, hand-drawn cylinders, sequence diagrams).
The files in ``corpus/`` are written from here, so a drawing can be changed and
rewritten; its answer key (``corpus/<name>.key.json``) is written by hand, from
what a reviewer would say about the picture, never from what the code reads.

Rewrite the files: ``.venv/bin/python tests/fidelity/drawings.py``. A test checks that
the checked-in files are what this writes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from support.canvas_builder import box, drawing, line, rect, text  # noqa: E402
from support.excalidraw_builder import Scene  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"

EXCALIDRAW: dict[str, Callable[[], dict[str, Any]]] = {}
CANVAS: dict[str, Callable[[], dict[str, Any]]] = {}


def excalidraw(fn: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    EXCALIDRAW[fn.__name__.replace("_", "-")] = fn
    return fn


def canvas_drawing(fn: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    CANVAS[fn.__name__.replace("_", "-")] = fn
    return fn


# ---------------------------------------------------------------------------------------------------------------
# Excalidraw
# ---------------------------------------------------------------------------------------------------------------


@excalidraw
def chat_frames() -> dict[str, Any]:
    """Chat with a region frame, numbered WebSocket servers, two-headed arrows and a label typed as free text."""
    s = Scene(101)
    region = s.frame("us-east-1", 380, -40, 760, 520)
    mobile = s.shape("Mobile client", 0, 40, 170, 80, kind="ellipse")
    web = s.shape("Web client", 0, 260, 170, 80, kind="ellipse")
    alb = s.shape("ALB", 190, 150, 140, 100, kind="diamond")
    ws1 = s.shape("WebSocket Server 1", 420, 40, 200, 72, frame=region)
    ws2 = s.shape("WebSocket Server 2", 420, 250, 200, 72, frame=region)
    redis = s.shape("Redis\npresence + pub/sub", 700, 150, 190, 80, frame=region)
    chat = s.shape("Chat Service", 700, 360, 190, 80, frame=region, bound=False)
    store = s.shape("Message Store\nCassandra", 1200, 360, 190, 80)
    queue = s.shape("push-notifications", 1200, 120, 200, 64)
    worker = s.shape("Notification Worker", 1480, 120, 200, 72)
    apns = s.shape("APNs", 1760, 126, 120, 60, kind="ellipse")
    s.arrow(mobile, alb, both=True)
    s.arrow(web, alb, both=True)
    s.arrow(alb, ws1, both=True, label="wss")
    s.arrow(alb, ws2, both=True, label="wss")
    s.arrow(ws1, redis, both=True, label="pub/sub", label_bound=False)
    s.arrow(ws2, redis, both=True)
    s.arrow(ws1, chat, via=[(520, 470)])
    s.arrow(ws2, chat)
    s.arrow(chat, store, label="write")
    s.arrow(chat, queue, label="publish")
    s.arrow(queue, worker)
    s.arrow(worker, apns)
    s.leftover("Kafka?", 1000, 520)
    return s.scene()


@excalidraw
def shop_k8s_container() -> dict[str, Any]:
    """A dashed box titled "Kubernetes cluster" around the services; Prometheus points at the box itself."""
    s = Scene(102)
    s.container("Kubernetes cluster (eks-prod)", 400, -60, 640, 560)
    browser = s.shape("Browser", 0, 180, 150, 70, kind="ellipse")
    cdn = s.shape("CloudFront", 190, 180, 160, 70)
    ingress = s.shape("Ingress NGINX", 440, 180, 170, 72)
    orders = s.shape("Orders API\nSpring Boot", 700, 0, 200, 90)
    catalog = s.shape("Catalog API", 700, 180, 200, 72)
    cart = s.shape("Cart Service", 700, 340, 200, 72)
    rds = s.shape("RDS Postgres (Multi-AZ)", 1120, -20, 240, 72)
    catdb = s.shape("Catalog DB", 1120, 150, 180, 72)
    catrep = s.shape("Catalog DB replica", 1400, 150, 200, 72)
    redis = s.shape("ElastiCache Redis", 1120, 330, 200, 72)
    stripe = s.shape("Stripe", 1120, -170, 140, 64, kind="ellipse")
    prom = s.shape("Prometheus", 620, 640, 170, 72)
    s.arrow(browser, cdn)
    s.arrow(cdn, ingress)
    s.arrow(ingress, orders)
    s.arrow(ingress, catalog)
    s.arrow(ingress, cart)
    s.arrow(orders, rds, label="SQL")
    s.arrow(orders, stripe, label="charge")
    s.arrow(catalog, catdb)
    s.arrow(catdb, catrep, label="async copy", dashed=True)
    s.arrow(cart, redis)
    s.arrow(cart, catalog, label="prices")
    # Scraping is drawn to the cluster's border, not to any one service.
    s.arrow(prom, (705, 503), label="scrape", bind=False)
    return s.scene()


@excalidraw
def checkout_sequence() -> dict[str, Any]:
    """A sequence diagram drawn by hand: heads at top and bottom, dashed lifelines, horizontal messages."""
    s = Scene(103)
    names = ["Browser", "Checkout API", "Payment Service", "Stripe"]
    xs = [0, 300, 600, 900]
    for name, x in zip(names, xs, strict=True):
        s.shape(name, x, 0, 180, 64)
        s.shape(name, x, 700, 180, 64)
        s.line([(x + 90, 68), (x + 90, 696)], dashed=True)
    msgs = [(0, 1, "POST /checkout", 120), (1, 2, "authorize(amount)", 200), (2, 3, "create charge", 280),
            (3, 2, "charge id", 360), (2, 1, "authorized", 440), (1, 0, "201 Created", 520)]
    for a, b, label, y in msgs:
        s.arrow((xs[a] + 90, y), (xs[b] + 90, y), label=label, bind=False, dashed=b < a, label_bound=False)
    return s.scene()


@excalidraw
def oauth_sequence() -> dict[str, Any]:
    """An OAuth code flow as a sequence diagram: ellipse heads, activation bars, return arrows dashed."""
    s = Scene(104)
    names = ["User", "Client App", "Auth Server", "Resource API"]
    xs = [0, 280, 560, 840]
    for name, x in zip(names, xs, strict=True):
        s.shape(name, x, 0, 170, 70, kind="ellipse" if name == "User" else "rectangle")
        s.line([(x + 85, 74), (x + 85, 760)], dashed=True)
        s.shape(name, x, 764, 170, 70, kind="ellipse" if name == "User" else "rectangle")
    for x, top, h in ((280, 110, 560), (560, 190, 240), (840, 520, 120)):
        s.shape("", x + 78, top, 14, h)
    msgs = [(0, 1, "login", 120), (1, 2, "authorize?code", 200), (2, 0, "consent page", 270), (0, 2, "approve", 340),
            (2, 1, "code", 410), (1, 2, "token(code)", 470), (2, 1, "access token", 500), (1, 3, "GET /me", 540),
            (3, 1, "profile", 620)]
    for a, b, label, y in msgs:
        s.arrow((xs[a] + 85, y), (xs[b] + 85, y), label=label, bind=False, label_bound=True)
    return s.scene()


@excalidraw
def ledger_kafka() -> dict[str, Any]:
    """A ledger around Kafka: topics in a titled box, a consumer drawn pulling, a cylinder drawn from lines."""
    s = Scene(105)
    dash = s.shape("Merchant dashboard", 0, 100, 200, 72, kind="ellipse")
    gw = s.shape("API Gateway", 280, 100, 180, 72)
    pay = s.shape("Payment API", 540, 0, 180, 72)
    bal_api = s.shape("Balances API", 540, 220, 180, 72)
    s.container("Kafka", 800, -80, 300, 330, dashed=False, color="#e8590c")
    events = s.shape("payments-events", 840, -20, 220, 64)
    entries = s.shape("ledger.entries", 840, 140, 220, 64)
    writer = s.shape("Ledger Writer", 1200, -20, 190, 72)
    projector = s.shape("Balance Projector", 1200, 140, 200, 72)
    balances = s.shape("Balances (Redis)", 900, 360, 200, 72)
    recon = s.shape("Reconciliation Job", 1500, 320, 210, 72)
    bank = s.shape("Bank SFTP", 1800, 320, 150, 64, kind="ellipse")
    # "Ledger DB": a cylinder drawn from an ellipse and three lines, its name typed inside.
    cx, top = 1560, 40
    s.shape("", cx - 80, top, 160, 40, kind="ellipse")
    s.line([(cx - 80, top + 20), (cx - 80, top + 160)])
    s.line([(cx + 80, top + 20), (cx + 80, top + 160)])
    s.line([(cx - 80, top + 160), (cx - 40, top + 178), (cx, top + 182), (cx + 40, top + 178), (cx + 80, top + 160)])
    s.text("Ledger DB", cx - 50, top + 80)
    s.arrow(dash, gw)
    s.arrow(gw, pay)
    s.arrow(gw, bal_api)
    s.arrow(pay, events, label="publish")
    s.arrow(writer, events, label="poll")
    s.arrow(writer, entries, label="publish")
    s.arrow(entries, projector)
    s.arrow(projector, balances, via=[(1300, 400)])
    s.arrow(bal_api, balances, label="read")
    s.arrow(writer, (cx - 86, top + 90), bind=False, label="append")
    s.arrow(recon, (cx + 10, top + 188), bind=False)
    s.arrow(recon, bank, label="daily file")
    return s.scene()


@excalidraw
def dispatch_free_text() -> dict[str, Any]:
    """Ride dispatch where most labels are loose text inside the boxes, some boxes hold a second small text,
    and arrows were dropped on the text rather than the box."""
    s = Scene(106)
    rider = s.shape("Rider app", 0, 0, 160, 70, bound=False)
    driver = s.shape("Driver app", 0, 260, 160, 70, bound=False)
    gw = s.shape("API Gateway", 240, 120, 190, 90, bound=False)
    dispatch = s.shape("Dispatch Service", 520, 20, 240, 110, bound=False, label_dy=-16)
    s.text("p99 < 200ms", 575, 90, size=14, color="#868e96")
    trip = s.shape("Trip Service", 520, 240, 240, 110, bound=False, label_dy=-16)
    s.text("v2 · edited 2024-03-12", 540, 310, size=14, color="#868e96")
    supply = s.shape("Supply Index (Redis)", 860, 0, 230, 80, bound=False)
    pricing = s.shape("Pricing Service", 860, 140, 200, 80, bound=False)
    trips_db = s.shape("Trips DB\nPostgres", 860, 300, 200, 90)
    maps = s.shape("Google Maps API", 1160, 140, 190, 70, kind="ellipse")
    topic = s.shape("trip-events", 1160, 320, 170, 64)
    analytics = s.shape("Analytics Worker", 1400, 320, 200, 72, bound=False)
    label_of = s.labels  # arrows dropped on the label text rather than on the box
    s.arrow(rider, gw)
    s.arrow(driver, gw, label="GPS pings", label_bound=False)
    s.arrow(gw, label_of[dispatch])
    s.arrow(gw, label_of[trip])
    s.arrow(label_of[dispatch], supply, label="nearest drivers", label_bound=False)
    s.arrow(dispatch, pricing)
    s.arrow(trip, trips_db)
    s.arrow(label_of[dispatch], label_of[trip], label="assign")
    s.arrow(pricing, maps, label="ETA")
    s.arrow(trip, topic)
    s.arrow(topic, label_of[analytics])
    s.text("updated 2024-03-12 by ops", 1200, -80, size=16, color="#868e96")
    return s.scene()


@excalidraw
def video_upload_arrows() -> dict[str, Any]:
    """Video upload: a request and its ack as two arrows, arrows drawn backwards, three identical transcoders."""
    s = Scene(107)
    creator = s.shape("Creator app", 0, 100, 170, 72, kind="ellipse")
    upload = s.shape("Upload API", 300, 100, 180, 72)
    originals = s.shape("S3 originals", 300, 320, 180, 72)
    sqs = s.shape("SQS jobs", 600, 100, 160, 64)
    t = [s.shape("Transcoder", 880, y, 170, 64) for y in (-40, 100, 240)]
    renditions = s.shape("S3 renditions", 1160, 100, 190, 72)
    cdn = s.shape("CloudFront", 1440, 100, 170, 72)
    viewer = s.shape("Viewer", 1700, 100, 150, 72, kind="ellipse")
    catalog = s.shape("Catalog API", 1440, 320, 180, 72)
    video_db = s.shape("Video DB\nPostgres", 1440, 500, 180, 90)
    watch = s.shape("CloudWatch", 600, 400, 170, 72)
    s.arrow(creator, upload, label="upload part", shift=14)
    s.arrow(upload, creator, label="ack", shift=14)
    s.arrow(upload, originals, backwards=True, label="put object")
    s.arrow(upload, sqs, label="enqueue")
    for tr in t:
        s.arrow(sqs, tr)
        s.arrow(tr, renditions, backwards=tr == t[1])
    s.arrow(renditions, cdn, label="origin")
    s.arrow(viewer, cdn, both=True, label="HLS")
    s.arrow(viewer, catalog, via=[(1775, 356)])
    s.arrow(catalog, video_db, both=True, label="queries")
    s.arrow(upload, watch, label="metrics", dashed=True)
    return s.scene()


@excalidraw
def payments_replicas() -> dict[str, Any]:
    """Payments with a primary database fed to two plain replica boxes, and a score/result pair."""
    s = Scene(108)
    site = s.shape("Merchant site", 0, 140, 170, 72, kind="ellipse")
    kong = s.shape("API Gateway (Kong)", 250, 140, 210, 72)
    pay = s.shape("Payment Service\n(idempotent, Go)", 540, 130, 220, 95)
    fraud = s.shape("Fraud Service", 540, -80, 200, 72)
    primary = s.shape("Payments DB\nprimary", 860, 130, 190, 95)
    r1 = s.shape("Replica 1", 1150, 40, 160, 64)
    r2 = s.shape("Replica 2", 1150, 240, 160, 64)
    reporting = s.shape("Reporting Service", 1400, 240, 210, 72)
    stripe = s.shape("Stripe", 540, 380, 150, 64, kind="ellipse")
    ledger = s.shape("Ledger Service", 860, 380, 190, 72)
    ledger_db = s.shape("Ledger DB", 1150, 380, 170, 72)
    s.arrow(site, kong)
    s.arrow(kong, pay)
    s.arrow(pay, fraud, label="score", shift=30)
    s.arrow(fraud, pay, label="result", shift=30)
    s.arrow(pay, primary, label="write")
    s.arrow(primary, r1, label="replication", dashed=True)
    s.arrow(primary, r2, label="async copy", dashed=True)
    s.arrow(reporting, r2, label="read")
    s.arrow(pay, stripe)
    s.arrow(pay, ledger)
    s.arrow(ledger, ledger_db)
    return s.scene()


@excalidraw
def notification_topics() -> dict[str, Any]:
    """Notifications: an "Events" frame of topic names, a router that subscribes, workers that poll SQS."""
    s = Scene(109)
    events = s.frame("Events (Kafka)", 620, -60, 300, 440)
    app = s.shape("Mobile app", 0, 120, 160, 72, kind="ellipse")
    alb = s.shape("ALB", 220, 120, 130, 72)
    users = s.shape("User Service", 400, 0, 180, 72)
    orders = s.shape("Order Service", 400, 240, 180, 72)
    t1 = s.shape("user.registered", 660, 0, 220, 64, frame=events)
    t2 = s.shape("password.reset", 660, 130, 220, 64, frame=events)
    t3 = s.shape("order.shipped", 660, 260, 220, 64, frame=events)
    router = s.shape("Notification Router", 1000, 120, 220, 72)
    prefs = s.shape("Preferences DB (DynamoDB)", 1000, 320, 260, 72)
    email_q = s.shape("email-jobs (SQS)", 1320, 0, 200, 64)
    sms_q = s.shape("sms-jobs (SQS)", 1320, 240, 200, 64)
    email_w = s.shape("Email Workers", 1600, 0, 190, 72)
    sms_w = s.shape("SMS Worker", 1600, 240, 170, 72)
    ses = s.shape("Amazon SES", 1860, 0, 160, 64, kind="ellipse")
    twilio = s.shape("Twilio", 1860, 240, 140, 64, kind="ellipse")
    s.arrow(app, alb)
    s.arrow(alb, users)
    s.arrow(alb, orders)
    s.arrow(users, t1, label="publish")
    s.arrow(users, t2, label="publish")
    s.arrow(orders, t3, label="publish")
    for topic in (t1, t2, t3):
        s.arrow(router, topic, label="subscribe" if topic == t2 else None)
    s.arrow(router, prefs, label="lookup")
    s.arrow(router, email_q)
    s.arrow(router, sms_q)
    s.arrow(email_w, email_q, label="poll")
    s.arrow(sms_q, sms_w)
    s.arrow(email_w, ses)
    s.arrow(sms_w, twilio)
    # Retries: an arrow from the worker back to itself.
    s.arrow(email_w, email_w, via=[(1700, -70), (1830, -70), (1830, 30)], label="retry")
    return s.scene()


@excalidraw
def ad_reporting_dataflow() -> dict[str, Any]:
    """Advertiser reporting drawn the way the data moves, with elbow arrows and two frames."""
    s = Scene(110)
    batch = s.frame("Batch", -40, -60, 600, 420)
    serving = s.frame("Serving", 620, -60, 860, 420)
    logs = s.shape("Raw click logs (S3)", 0, 0, 220, 72, frame=batch)
    spark = s.shape("Spark Aggregation Jobs", 300, 0, 230, 72, frame=batch)
    fraud = s.shape("Click Fraud Filter", 0, 200, 220, 72, frame=batch)
    olap = s.shape("Aggregates DB\nClickHouse", 300, 200, 230, 90, frame=batch)
    report = s.shape("Reporting API", 680, 0, 200, 72, frame=serving)
    cache = s.shape("Report cache (Redis)", 680, 200, 220, 72, frame=serving)
    billing = s.shape("Billing Service", 980, 200, 200, 72, frame=serving)
    invoices = s.shape("Invoices DB", 1240, 200, 190, 72, frame=serving)
    portal = s.shape("Advertiser Portal", 1100, -20, 210, 80, kind="ellipse")
    finance = s.shape("Finance dashboard", 1500, 400, 210, 80, kind="ellipse")
    s.arrow(logs, fraud, via=[(110, 140)], elbowed=True)
    s.arrow(fraud, spark, via=[(260, 236), (260, 36)], elbowed=True)
    s.arrow(spark, olap)
    s.arrow(olap, report, via=[(600, 245), (600, 36)], elbowed=True)
    s.arrow(report, cache, both=True)
    s.arrow(report, portal)
    s.arrow(olap, billing, via=[(415, 330), (1080, 330)], elbowed=True)
    s.arrow(billing, invoices)
    s.arrow(invoices, finance, via=[(1335, 440)], elbowed=True)
    return s.scene()


@excalidraw
def leaderboard_zones() -> dict[str, Any]:
    """A game leaderboard across two availability-zone frames, servers and Redis spread over both."""
    s = Scene(111)
    za = s.frame("Zone A (us-west-2a)", 360, -60, 640, 300)
    zb = s.frame("Zone B (us-west-2b)", 360, 300, 640, 300)
    players = s.shape("Players", 0, 240, 150, 72, kind="ellipse")
    nlb = s.shape("NLB", 170, 230, 130, 90, kind="diamond")
    g1 = s.shape("Game Server 1", 400, 0, 190, 72, frame=za)
    g2 = s.shape("Game Server 2", 400, 380, 190, 72, frame=zb)
    score = s.shape("Score Service", 400, 130, 190, 72, frame=za)
    primary = s.shape("Redis primary\n(sorted sets)", 720, 0, 220, 90, frame=za)
    replica = s.shape("Redis replica", 720, 400, 200, 72, frame=zb)
    board = s.shape("Leaderboard API", 400, 500, 200, 72, frame=zb)
    archive = s.shape("Score Archive (DynamoDB)", 1100, 120, 260, 72)
    s.arrow(players, nlb)
    s.arrow(nlb, g1)
    s.arrow(nlb, g2)
    s.arrow(nlb, board)
    s.arrow(g1, score)
    s.arrow(g2, score, via=[(640, 300)])
    s.arrow(score, primary, label="ZADD")
    s.arrow(primary, replica, label="replication", dashed=True)
    s.arrow(board, replica, label="ZREVRANGE")
    s.arrow(score, archive, via=[(680, 210), (1000, 210)])
    return s.scene()


@excalidraw
def file_sync_grouped() -> dict[str, Any]:
    """File sync: icons grouped with their boxes, three numbered block servers, long-poll arrows both ways."""
    s = Scene(112)
    desktop = s.shape("Desktop client", 0, 100, 180, 80)
    phone = s.shape("Mobile client", 0, 340, 180, 80)
    for b in (desktop, phone):  # a little monitor icon in the corner, grouped with the box
        x, y, _, _ = s.box_of(b)
        icon = s.line([(x + 8, y + 8), (x + 30, y + 8), (x + 30, y + 24), (x + 8, y + 24), (x + 8, y + 8)], width=1)
        s.group(b, icon)
    lb = s.shape("Block LB", 300, 0, 150, 100, kind="diamond")
    blocks = [s.shape(f"Block Server {n}", 560, y, 190, 64) for n, y in ((1, -80), (2, 20), (3, 120))]
    s3 = s.shape("S3 blocks", 860, 20, 170, 72)
    sync = s.shape("Sync Service", 300, 260, 190, 80)
    meta = s.shape("Metadata DB (MySQL)", 600, 260, 230, 72)
    meta_r = s.shape("Metadata DB replica", 920, 260, 230, 72)
    meta_cache = s.shape("Metadata Cache", 600, 400, 200, 72)
    changes = s.shape("changes queue", 300, 460, 180, 64)
    notify = s.shape("Notification Service", 0, 560, 230, 72)
    s.arrow(desktop, lb)
    s.arrow(phone, lb)
    for b in blocks:
        s.arrow(lb, b)
        s.arrow(b, s3)
    s.arrow(desktop, sync, both=True, label="long poll")
    s.arrow(phone, sync, both=True)
    s.arrow(sync, meta)
    s.arrow(meta, meta_r, label="binlog replication", dashed=True)
    s.arrow(sync, meta_cache, both=True)
    s.arrow(sync, changes)
    s.arrow(changes, notify)
    s.arrow(notify, phone, both=True, label="push")
    return s.scene()


@excalidraw
def web_crawler_handdrawn() -> dict[str, Any]:
    """A crawler with numbered fetchers, pen scribbles, a sticky note and a seen-URL store drawn as a cylinder."""
    s = Scene(113)
    ops = s.shape("Ops dashboard", 0, 0, 180, 72, kind="ellipse")
    control = s.shape("Crawl Control API", 260, 0, 210, 72)
    sched = s.shape("Scheduler", 560, 0, 170, 72)
    frontier = s.shape("URL Frontier (Kafka)", 820, 0, 230, 72)
    fetchers = [s.shape(f"Fetcher {n}", 1140, y, 160, 64) for n, y in (("1", -120), ("2", 0), ("N", 120))]
    dns = s.shape("DNS resolver cache", 1420, -160, 210, 72)
    parser = s.shape("Parser Workers", 1420, 120, 200, 72)
    content = s.shape("Content Store (S3)", 1700, 120, 210, 72)
    dedup = s.shape("Dedup Service", 1420, 320, 190, 72)
    # "URL Seen DB": a cylinder drawn with the line tool, its name typed in the middle.
    cx, top = 1130, 330
    s.line([(cx - 70, top + 15), (cx - 35, top + 2), (cx, top), (cx + 35, top + 2), (cx + 70, top + 15),
            (cx + 35, top + 28), (cx, top + 30), (cx - 35, top + 28), (cx - 70, top + 15)])
    s.line([(cx - 70, top + 15), (cx - 70, top + 140)])
    s.line([(cx + 70, top + 15), (cx + 70, top + 140)])
    s.line([(cx - 70, top + 140), (cx, top + 156), (cx + 70, top + 140)])
    s.text("URL Seen DB", cx - 60, top + 70)
    s.arrow(ops, control)
    s.arrow(control, sched)
    s.arrow(sched, frontier, label="seed URLs")
    for f in fetchers:
        s.arrow(frontier, f)
        s.arrow(f, parser)
    s.arrow(fetchers[0], dns)
    s.arrow(parser, content)
    s.arrow(parser, dedup, label="new links")
    s.arrow(dedup, (cx + 76, top + 80), bind=False, label="seen?")
    s.arrow(dedup, frontier, via=[(1450, 270), (935, 270)], label="enqueue")
    s.freedraw([(1700, 300), (1730, 290), (1760, 310), (1790, 295), (1820, 305)])
    s.freedraw([(250, 160), (300, 150), (360, 158)])
    s.text("TODO: politeness per host\n(max 1 req/s)", 120, 180, size=16, color="#e8590c")
    return s.scene()


@excalidraw
def hotel_booking_az() -> dict[str, Any]:
    """Hotel booking: both booking servers and the database pair inside one availability-zone box."""
    s = Scene(114)
    s.container("us-east-1a", 360, -60, 620, 520)
    s.container("us-east-1b", 1040, -60, 420, 300)
    guest = s.shape("Guest web app", 0, 140, 180, 80, kind="ellipse")
    alb = s.shape("ALB", 200, 140, 120, 80)
    b1 = s.shape("Booking Service 1", 400, 20, 210, 72)
    b2 = s.shape("Booking Service 2", 400, 220, 210, 72)
    db = s.shape("Bookings DB\nprimary", 700, 20, 220, 90)
    standby = s.shape("Bookings DB standby", 700, 260, 220, 72)
    search = s.shape("Search Service", 1080, 0, 190, 72)
    es = s.shape("Elasticsearch cluster", 1080, 130, 230, 72)
    stripe = s.shape("Stripe", 400, 560, 140, 64, kind="ellipse")
    feed = s.shape("Partner feed importer\n"
                   "every 15 min: pulls rates and availability for ~40k hotels,\n"
                   "upserts hotel rows and reindexes search. Owned by\n"
                   "partner-integrations (on-call #partners), see runbook RB-112\n"
                   "for the weekly full resync on Sundays", 1080, 380, 560, 150, size=16)
    expedia = s.shape("Expedia partner API", 1760, 410, 230, 72, kind="ellipse")
    s.arrow(guest, alb)
    s.arrow(alb, b1)
    s.arrow(alb, b2)
    s.arrow(alb, search, via=[(260, -100), (1175, -100)])
    s.arrow(b1, db)
    s.arrow(b2, db)
    s.arrow(db, standby, label="sync replication", dashed=True)
    s.arrow(b2, stripe)
    s.arrow(search, es)
    s.arrow(feed, expedia, label="pull rates")
    s.arrow(feed, es, label="index")
    s.arrow(feed, db, via=[(1000, 420), (1000, 65)], label="upsert hotels")
    return s.scene()


# ---------------------------------------------------------------------------------------------------------------
# Canvas (the app's own drawing surface: LabeledRect boxes, Rect + IText boxes, lines dragged from the caller)
# ---------------------------------------------------------------------------------------------------------------


class Canvas:
    """Canvas objects in drawing order, with lines dragged between box centres (or given points)."""

    def __init__(self) -> None:
        self.objects: list[dict[str, Any]] = []
        self.boxes: dict[str, tuple[float, float, float, float]] = {}

    def box(self, label: str, left: float, top: float, w: float = 150, h: float = 60) -> str:
        self.objects.append(box(label, left, top, w, h))
        self.boxes[label] = (left, top, w, h)
        return label

    def text_box(self, label: str, left: float, top: float, w: float = 170, h: float = 70) -> str:
        """A rectangle from the rectangle tool with its name typed inside it (Enter makes a second line)."""
        self.objects.append(rect(left, top, w, h))
        self.objects.append(text(label, left + w / 2, top + h / 2))
        self.boxes[label] = (left, top, w, h)
        return label

    def group_box(self, title: str, left: float, top: float, w: float, h: float, *, labelled: bool = False) -> None:
        """A big box drawn around others: a LabeledRect named ``title``, or a Rect with the title typed at its top."""
        if labelled:
            self.objects.insert(0, box(title, left, top, w, h))
        else:
            self.objects.insert(0, rect(left, top, w, h))
            self.objects.append(text(title, left + 10 + 4 * len(title), top + 16))

    def centre(self, label: str, dx: float = 0, dy: float = 0) -> tuple[float, float]:
        left, top, w, h = self.boxes[label]
        return left + w / 2 + dx, top + h / 2 + dy

    def arrow(self, a: str | tuple[float, float], b: str | tuple[float, float], label: str = "", *,
              shift: float = 0) -> None:
        """A line dragged from ``a`` to ``b`` (box centres, nudged by ``shift`` px across the line)."""
        p = a if isinstance(a, tuple) else self.centre(a)
        q = b if isinstance(b, tuple) else self.centre(b)
        if shift:
            dx, dy = q[0] - p[0], q[1] - p[1]
            n = (dx * dx + dy * dy) ** 0.5 or 1
            ox, oy = -dy / n * shift, dx / n * shift
            p, q = (p[0] + ox, p[1] + oy), (q[0] + ox, q[1] + oy)
        self.objects.append(line(p[0], p[1], q[0], q[1]))
        if label:
            horizontal = abs(q[0] - p[0]) >= abs(q[1] - p[1])
            mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
            self.objects.append(text(label, mx, my - 14) if horizontal else text(label, mx + 8 + 4 * len(label), my))

    def note(self, value: str, x: float, y: float) -> None:
        self.objects.append(text(value, x, y))

    def json(self) -> dict[str, Any]:
        return drawing(*self.objects)


@canvas_drawing
def chat_cluster() -> dict[str, Any]:
    """Chat on the canvas: a labelled box around the cluster in one zone, send/ack drawn as two lines."""
    c = Canvas()
    c.group_box("Chat cluster (us-east-1a)", 240, 20, 560, 400, labelled=True)
    c.box("Mobile app", 20, 180)
    c.box("Load balancer", 270, 180, 140, 60)
    c.box("WebSocket Server 1", 460, 60, 180, 60)
    c.box("WebSocket Server 2", 460, 300, 180, 60)
    c.box("Chat Service", 860, 180, 160, 60)
    c.box("Redis pub/sub", 660, 180, 120, 60)
    c.box("Messages DB (Cassandra)", 1080, 180, 220, 60)
    c.box("notifications queue", 860, 380, 180, 60)
    c.box("Push Worker", 1100, 380, 140, 60)
    c.box("APNs", 1300, 380, 100, 60)
    c.arrow("Mobile app", "Load balancer")
    c.arrow("Load balancer", "WebSocket Server 1")
    c.arrow("Load balancer", "WebSocket Server 2")
    c.arrow("WebSocket Server 1", "Redis pub/sub")
    c.arrow("WebSocket Server 2", "Redis pub/sub")
    c.arrow("WebSocket Server 1", "Chat Service", "send", shift=-10)
    c.arrow("Chat Service", "WebSocket Server 1", "ack", shift=-10)
    c.arrow("WebSocket Server 2", "Chat Service", "send")
    c.arrow("Chat Service", "Messages DB (Cassandra)", "write")
    c.arrow("Chat Service", "notifications queue", "publish")
    c.arrow("notifications queue", "Push Worker")
    c.arrow("Push Worker", "APNs")
    return c.json()


@canvas_drawing
def shortener_plurals() -> dict[str, Any]:
    """A URL shortener with plural boxes, a slash description and managed AWS parts."""
    c = Canvas()
    c.box("Users", 20, 200, 110, 60)
    c.box("Route 53", 200, 40, 130, 60)
    c.box("ELB", 200, 200, 110, 60)
    c.box("App Servers", 400, 200, 150, 60)
    c.box("Redis cache", 640, 60, 150, 60)
    c.box("Key Service / pre-generated keys", 640, 200, 270, 60)
    c.box("Key DB", 1000, 200, 120, 60)
    c.box("URL DB (DynamoDB)", 640, 340, 190, 60)
    c.box("Kinesis clicks", 400, 440, 150, 60)
    c.box("Analytics Workers", 640, 480, 180, 60)
    c.box("Redshift", 920, 480, 120, 60)
    c.arrow("Users", "Route 53", "resolve")
    c.arrow("Users", "ELB")
    c.arrow("ELB", "App Servers")
    c.arrow("App Servers", "Redis cache", "get")
    c.arrow("App Servers", "Key Service / pre-generated keys", "next key")
    c.arrow("Key Service / pre-generated keys", "Key DB")
    c.arrow("App Servers", "URL DB (DynamoDB)")
    c.arrow("App Servers", "Kinesis clicks", "click")
    c.arrow("Kinesis clicks", "Analytics Workers")
    c.arrow("Analytics Workers", "Redshift")
    return c.json()


@canvas_drawing
def orders_read_replicas() -> dict[str, Any]:
    """Orders with two read replicas drawn as ordinary boxes fed by "replication" lines, inside a "Data layer" box."""
    c = Canvas()
    c.group_box("Data layer", 560, 20, 520, 420)
    c.box("Shop web", 20, 40, 120, 60)
    c.box("CloudFront", 20, 200, 120, 60)
    c.box("API Gateway (auth)", 190, 200, 170, 60)
    c.box("Stripe", 400, 20, 100, 50)
    c.box("Orders Service x2", 400, 120, 140, 60)
    c.box("Order History Service", 400, 330, 150, 60)
    c.text_box("Orders DB", 600, 180, 150, 70)
    c.box("Read replica 1", 880, 80, 150, 60)
    c.box("Read replica 2", 880, 300, 150, 60)
    c.box("Grafana", 190, 420, 120, 60)
    c.arrow("Shop web", "CloudFront")
    c.arrow("CloudFront", "API Gateway (auth)")
    c.arrow("API Gateway (auth)", "Orders Service x2")
    c.arrow("Orders Service x2", "Stripe", "charge")
    c.arrow("API Gateway (auth)", "Order History Service")
    c.arrow("Orders Service x2", "Orders DB", "write")
    c.arrow("Orders DB", "Read replica 1", "replication")
    c.arrow("Orders DB", "Read replica 2", "replication")
    c.arrow("Orders Service x2", "Read replica 1", "read")
    c.arrow("Order History Service", "Read replica 2", "read")
    c.arrow("Order History Service", "Grafana", "metrics")
    return c.json()


@canvas_drawing
def kafka_consumers() -> dict[str, Any]:
    """Topic names inside a "Kafka" box; consumers drawn from the topic or towards it labelled poll/consume."""
    c = Canvas()
    c.group_box("Kafka", 500, 20, 260, 420)
    c.box("Checkout app", 20, 200, 140, 60)
    c.box("API gateway", 200, 200, 130, 60)
    c.box("Order Service", 360, 120, 130, 60)
    c.box("orders.created", 540, 80, 180, 60)
    c.box("payments-events", 540, 300, 180, 60)
    c.box("Payment Service", 820, 80, 160, 60)
    c.box("Fulfilment Service", 820, 300, 170, 60)
    c.box("Email Worker", 820, 460, 150, 60)
    c.box("Orders DB (Postgres)", 300, 340, 180, 60)
    c.box("Stripe", 1060, 80, 110, 60)
    c.arrow("Checkout app", "API gateway")
    c.arrow("API gateway", "Order Service")
    c.arrow("Order Service", "orders.created", "publish")
    c.arrow("Order Service", "Orders DB (Postgres)")
    c.arrow("orders.created", "Payment Service")
    c.arrow("Payment Service", "Stripe")
    c.arrow("Payment Service", "payments-events", "publish")
    c.arrow("Fulfilment Service", "payments-events", "poll")
    c.arrow("Email Worker", "payments-events", "consume")
    return c.json()


@canvas_drawing
def catalog_dataflow() -> dict[str, Any]:
    """A catalog drawn as data flows: from the stores, through the services, to the shopper."""
    c = Canvas()
    c.box("Product DB (Postgres)", 20, 40, 200, 60)
    c.box("Search Index (Elasticsearch)", 20, 200, 240, 60)
    c.box("Images (S3)", 20, 360, 140, 60)
    c.box("Catalog Service", 320, 40, 160, 60)
    c.box("Search Service", 320, 200, 160, 60)
    c.box("CDN", 320, 360, 100, 60)
    c.box("API Gateway", 560, 120, 140, 60)
    c.box("Shopper app", 800, 240, 140, 60)
    c.box("Indexer Worker", 40, 118, 150, 55)
    c.arrow("Product DB (Postgres)", "Catalog Service")
    c.arrow("Search Index (Elasticsearch)", "Search Service")
    c.arrow("Images (S3)", "CDN")
    c.arrow("Catalog Service", "API Gateway")
    c.arrow("Search Service", "API Gateway")
    c.arrow("API Gateway", "Shopper app")
    c.arrow("CDN", "Shopper app")
    c.arrow("Product DB (Postgres)", "Indexer Worker", "changes")
    c.arrow("Indexer Worker", "Search Index (Elasticsearch)")
    return c.json()


@canvas_drawing
def managed_gcp() -> dict[str, Any]:
    """Everything managed on Google Cloud except one worker: nothing here is a single point of failure by itself."""
    c = Canvas()
    c.box("Users", 20, 200, 100, 60)
    c.box("Cloud CDN", 170, 200, 130, 60)
    c.box("Cloud Load Balancer", 350, 200, 180, 60)
    c.box("API (Cloud Run) x3", 590, 200, 180, 60)
    c.box("Cloud SQL (HA)", 840, 80, 160, 60)
    c.box("Memorystore Redis", 840, 200, 170, 60)
    c.box("Pub/Sub orders", 840, 340, 160, 60)
    c.box("Fulfilment Worker", 1080, 340, 170, 60)
    c.box("Firestore", 1320, 340, 120, 60)
    c.box("Cloud Storage", 590, 380, 150, 60)
    c.arrow("Users", "Cloud CDN")
    c.arrow("Cloud CDN", "Cloud Load Balancer")
    c.arrow("Cloud CDN", "Cloud Storage", "static")
    c.arrow("Cloud Load Balancer", "API (Cloud Run) x3")
    c.arrow("API (Cloud Run) x3", "Cloud SQL (HA)")
    c.arrow("API (Cloud Run) x3", "Memorystore Redis")
    c.arrow("API (Cloud Run) x3", "Pub/Sub orders", "publish")
    c.arrow("Pub/Sub orders", "Fulfilment Worker")
    c.arrow("Fulfilment Worker", "Firestore")
    return c.json()


@canvas_drawing
def zone_identical() -> dict[str, Any]:
    """Three identical "API" boxes in one availability-zone box behind an ALB; two identical workers on a queue."""
    c = Canvas()
    c.group_box("us-east-1a", 260, 20, 240, 420)
    c.box("Clients", 20, 60, 110, 60)
    c.box("CloudFront", 20, 200, 110, 60)
    c.box("ALB", 150, 200, 90, 60)
    for n, top in enumerate((60, 200, 340)):
        c.objects.append(box("API", 300, top, 140, 60))
        c.boxes[f"API{n}"] = (300, top, 140, 60)
    c.box("Postgres", 600, 120, 130, 60)
    c.box("jobs queue (RabbitMQ)", 600, 300, 200, 60)
    for n, top in enumerate((220, 380)):
        c.objects.append(box("Worker", 880, top, 120, 60))
        c.boxes[f"Worker{n}"] = (880, top, 120, 60)
    c.box("Mailgun", 1080, 300, 120, 60)
    c.arrow("Clients", "CloudFront")
    c.arrow("CloudFront", "ALB")
    for n in range(3):
        c.arrow("ALB", f"API{n}")
        c.arrow(f"API{n}", "Postgres")
    c.arrow("API2", "jobs queue (RabbitMQ)", "enqueue")
    for n in range(2):
        c.arrow("jobs queue (RabbitMQ)", f"Worker{n}")
        c.arrow(f"Worker{n}", "Mailgun")
    return c.json()


@canvas_drawing
def multiline_labels() -> dict[str, Any]:
    """Boxes named with the text tool, a description on the second line of each."""
    c = Canvas()
    c.text_box("Mobile app", 20, 200, 140, 70)
    c.text_box("API Gateway\nToken Bucket", 220, 200, 170, 80)
    c.text_box("Feed Service\nfan-out on read", 460, 80, 180, 80)
    c.text_box("Post Service\nwrites posts", 460, 320, 180, 80)
    c.text_box("Cassandra\n(storage)", 720, 80, 160, 80)
    c.text_box("Timeline Cache\nRedis", 720, 220, 160, 80)
    c.text_box("post-created\nKafka topic", 720, 360, 160, 80)
    c.text_box("History Workers\npersist to DB", 960, 360, 180, 80)
    c.text_box("Posts DB\nMySQL primary", 1200, 360, 170, 80)
    c.text_box("Posts DB standby", 1200, 520, 170, 70)
    c.arrow("Mobile app", "API Gateway\nToken Bucket")
    c.arrow("API Gateway\nToken Bucket", "Feed Service\nfan-out on read")
    c.arrow("API Gateway\nToken Bucket", "Post Service\nwrites posts")
    c.arrow("Feed Service\nfan-out on read", "Cassandra\n(storage)")
    c.arrow("Feed Service\nfan-out on read", "Timeline Cache\nRedis")
    c.arrow("Post Service\nwrites posts", "post-created\nKafka topic", "publish")
    c.arrow("post-created\nKafka topic", "History Workers\npersist to DB")
    c.arrow("History Workers\npersist to DB", "Posts DB\nMySQL primary")
    c.arrow("History Workers\npersist to DB", "Cassandra\n(storage)", "fan-out")
    c.arrow("Posts DB\nMySQL primary", "Posts DB standby", "replication")
    return c.json()


@canvas_drawing
def timeline_identical() -> dict[str, Any]:
    """Three boxes all called "App" behind nginx; query and result drawn as two lines; a replica fed by replication."""
    c = Canvas()
    c.box("Browser", 20, 220, 110, 60)
    c.box("Nginx LB", 180, 220, 120, 60)
    for n, top in enumerate((80, 220, 360)):
        c.objects.append(box("App", 360, top, 110, 60))
        c.boxes[f"App{n}"] = (360, top, 110, 60)
    c.box("Timeline Service", 560, 220, 160, 60)
    c.box("Redis timelines", 1080, 100, 150, 60)
    c.box("Posts DB replica", 820, 260, 160, 60)
    c.box("Posts DB (MySQL)", 1080, 260, 170, 60)
    c.box("fanout queue", 560, 420, 140, 60)
    c.box("Fanout Worker", 800, 420, 150, 60)
    c.box("Auth Service", 560, 40, 140, 60)
    c.arrow("Browser", "Nginx LB")
    for n in range(3):
        c.arrow("Nginx LB", f"App{n}")
        c.arrow(f"App{n}", "Auth Service")
    c.arrow("App1", "Timeline Service", "query", shift=-10)
    c.arrow("Timeline Service", "App1", "result", shift=-10)
    c.arrow("App0", "Timeline Service")
    c.arrow("App2", "Timeline Service")
    c.arrow("Timeline Service", "Redis timelines")
    c.arrow("Timeline Service", "Posts DB replica", "read")
    c.arrow("App2", "fanout queue", "post")
    c.arrow("fanout queue", "Fanout Worker")
    c.arrow("Fanout Worker", "Posts DB (MySQL)", "write")
    c.arrow("Fanout Worker", "Redis timelines")
    c.arrow("Posts DB (MySQL)", "Posts DB replica", "replication")
    return c.json()


@canvas_drawing
def vpc_boxes() -> dict[str, Any]:
    """A "VPC" box around everything but the users, a private subnet inside it, numbered app servers,
    and a monitoring line that ends on the VPC's border."""
    c = Canvas()
    c.group_box("VPC", 200, 20, 900, 520, labelled=True)
    c.group_box("Private subnet", 480, 60, 260, 300)
    c.note("Production — eu-west-1", 640, -10)
    c.box("Users", 20, 220, 110, 60)
    c.box("Route 53", 20, 60, 110, 60)
    c.box("Stripe", 560, 580, 110, 60)
    c.box("ALB", 280, 220, 110, 60)
    c.box("App Server 1", 520, 100, 150, 60)
    c.box("App Server 2", 520, 260, 150, 60)
    c.box("RDS MySQL (Multi-AZ)", 820, 100, 200, 60)
    c.box("Session cache (Redis)", 820, 260, 200, 60)
    c.box("S3 uploads", 820, 420, 140, 60)
    c.box("Datadog", 1200, 560, 120, 60)
    c.arrow("Users", "Route 53", "DNS")
    c.arrow("Users", "ALB")
    c.arrow("App Server 2", "Stripe", "charge")
    c.arrow("ALB", "App Server 1")
    c.arrow("ALB", "App Server 2")
    for app in ("App Server 1", "App Server 2"):
        c.arrow(app, "RDS MySQL (Multi-AZ)")
        c.arrow(app, "Session cache (Redis)")
    c.arrow("App Server 2", "S3 uploads", "uploads")
    c.arrow("Datadog", (1098, 500), "scrape")
    return c.json()


# ---------------------------------------------------------------------------------------------------------------


def render() -> dict[str, str]:
    """File name → file text for every drawing here."""
    out = {}
    for name, fn in EXCALIDRAW.items():
        out[f"{name}.excalidraw"] = json.dumps(fn(), indent=2, ensure_ascii=False) + "\n"
    for name, fn in CANVAS.items():
        out[f"{name}.canvas.json"] = json.dumps(fn(), indent=1, ensure_ascii=False) + "\n"
    return out


def main() -> None:
    for name, body in render().items():
        (CORPUS / name).write_text(body)
    print(f"wrote {len(EXCALIDRAW)} Excalidraw scenes and {len(CANVAS)} canvas drawings to {CORPUS}")


if __name__ == "__main__":
    main()
