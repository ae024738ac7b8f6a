"""How people really draw (issue 12), each habit drawn here from the pattern in every format it exists in.

Mermaid text, Excalidraw scenes and canvas JSON are written in the test, so a
reader fix is checked against the habit rather than against one copied file.
Everything goes through the CLI's path (``read_import`` → ``analyze_document``).
"""

from __future__ import annotations

import pytest

from design.model.corrections import Correction
from design.model.document import SketchDocument, dumps, loads
from design.model.sketch import Kind
from design.readers.dispatch import InputError, read_import
from support.canvas_builder import box, drawing, line, rect, text, triangle
from support.drawings import ex_arrow, ex_frame, ex_line, ex_shape, ex_text, read, scene


def canvas(*objects):
    return read("d.json", drawing(*objects))


# --- 1. groups: a box around boxes is a boundary, never a component ----------------------------------------


def test_mermaid_subgraphs_are_groups_and_a_link_to_one_means_its_members():
    r = read("d.mmd", """flowchart LR
        user[Web client] --> api_tier
        subgraph az [us-east-1a]
          subgraph api_tier [API tier]
            lb[Load balancer] --> api[Orders API]
          end
          api --> db[(Orders DB)]
        end
        api_tier --> stripe[Stripe]
    """)
    assert r.groups() == {"us-east-1a": ["Load balancer", "Orders API", "Orders DB"],
                          "API tier": ["Load balancer", "Orders API"]}
    assert {g.title: (g.zone, g.domain) for g in r.sketch.groups} == {"us-east-1a": ("us-east-1a", "zone"),
                                                                       "API tier": (None, None)}
    assert {g.title: g.parent for g in r.sketch.groups}["API tier"] == "us-east-1a"
    # In through the member nothing inside calls; out through the member that calls nothing inside.
    assert r.flows() == {("Web client", "Load balancer", ""), ("Load balancer", "Orders API", ""),
                         ("Orders API", "Orders DB", ""), ("Orders API", "Stripe", "")}
    labels = {c.label for c in r.sketch.components}
    assert not labels & {"us-east-1a", "API tier"}, "a group is never a component"
    group_ids = {g.id for g in r.sketch.groups}
    assert not any(set(f.elements) & group_ids for f in r.findings), "a group is never a finding's component"


def test_an_excalidraw_box_around_boxes_is_a_group_and_arrows_attach_by_where_they_end():
    r = read("d.excalidraw", scene(
        ex_shape("c", 0, 100, "Mobile app"),
        ex_shape("vpc", 250, 0, None, w=500, h=300),
        ex_text("title", 260, 10, "Private VPC"),
        ex_shape("gw", 300, 100, "API gateway"),
        ex_shape("svc", 550, 100, "Orders service"),
        ex_arrow("a1", (160, 135), (250, 135)),  # ends on the container's border: the group, so its way in
        ex_arrow("a2", (460, 135), (550, 135), "gw", "svc"),
        ex_arrow("a3", (80, 170), (620, 170), "c", "svc"),  # bound to a member: that member
    ))
    assert r.groups() == {"Private VPC": ["API gateway", "Orders service"]}
    assert r.flows() == {("Mobile app", "API gateway", ""), ("API gateway", "Orders service", ""),
                         ("Mobile app", "Orders service", "")}
    assert "Private VPC" not in {c.label for c in r.sketch.components}


def test_an_excalidraw_frame_is_a_group_named_by_the_frame():
    r = read("d.excalidraw", scene(
        ex_frame("f", 0, 0, 600, 200, "eu-west-1"),
        ex_shape("a", 40, 60, "Catalog API"), ex_shape("b", 320, 60, "Catalog DB", kind="ellipse"),
        ex_arrow("x", (200, 95), (320, 95), "a", "b"),
    ))
    assert r.groups() == {"eu-west-1": ["Catalog API", "Catalog DB"]}
    assert r.sketch.groups[0].domain == "region"


def test_a_canvas_box_drawn_around_boxes_is_a_group_titled_by_its_text_and_arrow_labels_inside_stay_on_arrows():
    r = canvas(
        box("Users", 0, 100),
        rect(200, 0, 520, 260), text("Kubernetes cluster", 300, 20),
        box("Ingress", 240, 100), box("Cart service", 520, 100),
        line(140, 130, 200, 130),  # ends on the group's border
        line(380, 130, 520, 130), text("HTTP", 450, 116),  # a label inside the group, by its arrow
    )
    assert r.groups() == {"Kubernetes cluster": ["Cart service", "Ingress"]}
    assert r.flows() == {("Users", "Ingress", ""), ("Ingress", "Cart service", "HTTP")}
    assert r.sketch.texts == ()


# --- 2. pools: numbered siblings, identical boxes behind a balancer, plurals ------------------------------


def test_numbered_siblings_in_mermaid_are_one_pool_with_replicas():
    r = read("d.mmd", """flowchart LR
        lb[LB] --> ws1[WebSocket Server 1] & ws2[WebSocket Server 2] & wsn[WebSocket Server N]
        ws1 & ws2 & wsn --> redis[(Redis pub/sub cluster)]
        users[Clients] --> lb
    """)
    pool = r.by_label("WebSocket Server")
    assert [m.label for m in pool.members] == ["WebSocket Server 1", "WebSocket Server 2", "WebSocket Server N"]
    assert pool.replicas == 3 and pool.replicated and pool.pool_text == "pool of 3 (WebSocket Server 1–N)"
    assert "SPOF001" not in r.on("WebSocket Server")


def test_identical_boxes_behind_one_balancer_on_the_canvas_are_one_pool():
    r = canvas(
        box("Users", 0, 200), box("Load balancer", 200, 200),
        box("App", 450, 60), box("App", 450, 200), box("App", 450, 340), box("Postgres primary/replica", 700, 200),
        line(140, 230, 200, 230), line(340, 230, 450, 90), line(340, 230, 450, 230), line(340, 230, 450, 370),
        line(590, 90, 700, 230), line(590, 230, 700, 230), line(590, 370, 700, 230),
    )
    app = r.by_label("App")
    assert app.kind.value == "service", "behind a load balancer, 'App' serves; it is no user's device"
    assert app.replicas == 3 and [m.label for m in app.members] == ["App"] * 3
    assert not r.on("App") & {"SPOF001", "DSA001"}
    assert not r.fired("BOTL001"), "three copies of one service are one writer, not three"


def test_numbered_siblings_in_excalidraw_and_plurals_are_pools():
    r = read("d.excalidraw", scene(
        ex_shape("q", 0, 100, "Jobs queue"),
        ex_shape("w1", 250, 0, "Worker 1"), ex_shape("w2", 250, 200, "Worker 2"),
        ex_arrow("a", (160, 120), (250, 35), "q", "w1"), ex_arrow("b", (160, 150), (250, 235), "q", "w2"),
        ex_shape("t", 500, 100, "Thumbnail Workers"),
        ex_arrow("c", (160, 135), (500, 135), "q", "t"),
    ))
    assert r.by_label("Worker").replicas == 2
    thumbs = r.by_label("Thumbnail Workers")
    assert thumbs.replicas == 2 and thumbs.replicated and not thumbs.members, "a plural is at least two"


def test_numbers_that_tell_things_apart_are_not_pools():
    r = read("d.mmd", """flowchart LR
        api[Orders API x2] --> s1[(Shard 1)] & s2[(Shard 2)]
        api --> step1[Step 1] --> step2[Step 2]
        web[Browser] --> api
    """)
    assert {"Shard 1", "Shard 2", "Step 1", "Step 2"} <= {c.label for c in r.sketch.components}
    assert all(not c.members for c in r.sketch.components)


def test_a_pool_the_user_splits_comes_back_as_its_boxes_and_the_split_is_saved():
    text_ = "flowchart LR\n  lb[LB x2] --> a1[Cart API 1] & a2[Cart API 2]\n  u[Users] --> lb\n"
    doc = read_import("d.mmd", text_).document
    split = SketchDocument(canvas=doc.canvas, corrections={"cart-api": Correction(split=True)}, source="mermaid")
    saved = loads(dumps(split))
    assert saved.corrections["cart-api"].split is True
    from design.analysis.analyze import analyze_document

    result = analyze_document(saved)
    assert {c.label for c in result.sketch.components} == {"LB x2", "Cart API 1", "Cart API 2", "Users"}
    assert {f.rule for f in result.findings if "cart-api-1" in f.elements} >= {"SPOF001"}


@pytest.mark.parametrize("fix", [Correction(), Correction(split=True), Correction(managed=False),
                                 Correction(Kind.CACHE, 3, 250.0, True, True)])
def test_a_correction_reads_back_from_its_json_as_the_page_keeps_it(fix):
    assert Correction.from_json(fix.to_json()) == fix


def test_a_schema_1_document_still_loads_and_saves_as_schema_2():
    old = '{"type": "sketchfirst/sketch", "schema": 1, "canvas": {"objects": []}, "corrections": {"a": {"kind": "cache"}}}'
    doc = loads(old)
    assert doc.corrections["a"].kind.value == "cache" and doc.corrections["a"].managed is None
    assert '"schema":2' in dumps(doc)


# --- 3. two-way arrows and request/response pairs are one conversation -------------------------------------


@pytest.mark.parametrize("link", ["<-->", "<-.->", "<==>", "o--o"])
def test_a_mermaid_arrow_with_two_heads_is_one_two_way_flow_not_a_cycle(link):
    r = read("d.mmd", f"flowchart LR\n  u[Browser] --> a[Orders service x2]\n  a {link} b[Pricing service x2]\n")
    assert r.two_way() == {("Orders service x2", "Pricing service x2")}
    assert not r.fired("CYCLE001")


def test_an_excalidraw_arrow_with_two_heads_is_one_two_way_flow():
    r = read("d.excalidraw", scene(
        ex_shape("u", 0, 0, "Browser"), ex_shape("a", 300, 0, "Chat service x3"), ex_shape("b", 600, 0, "Presence service x2"),
        ex_arrow("x", (160, 35), (300, 35), "u", "a"),
        ex_arrow("y", (460, 35), (600, 35), "a", "b", heads=("arrow", "arrow")),
    ))
    assert r.two_way() == {("Chat service x3", "Presence service x2")} and not r.fired("CYCLE001")


def test_canvas_triangles_are_arrowheads_two_make_a_two_way_flow_one_at_the_start_reverses_the_drag():
    r = canvas(
        box("Browser", 0, 0), box("Feed service x2", 300, 0), box("Ranker x2", 600, 0), box("Feed DB", 300, 200),
        line(140, 30, 300, 30),
        line(440, 30, 600, 30), triangle(598, 30, 90), triangle(442, 30, -90),  # heads at both ends
        line(370, 200, 370, 60), triangle(370, 62, 180),  # dragged from the DB up, head at the service end...
    )
    assert r.two_way() == {("Feed service x2", "Ranker x2")}
    assert ("Feed DB", "Feed service x2", "") in r.flows(), "a head where the drag ended keeps the drag's direction"
    r2 = canvas(box("API x2", 0, 0), box("Audit DB", 300, 0), line(300, 30, 140, 30), triangle(298, 30, 90))
    assert r2.flows() == {("API x2", "Audit DB", "")}, "the head is at the drag's start: the arrow points back"


def test_a_request_and_its_response_drawn_as_two_arrows_are_one_conversation():
    r = canvas(
        box("Users", 0, 0), box("Checkout x2", 300, 0), box("Payments x2", 300, 200),
        line(140, 30, 300, 30),
        line(350, 60, 350, 200), text("charge", 320, 130),
        line(400, 200, 400, 60), text("result", 430, 130),
    )
    assert r.two_way() == {("Checkout x2", "Payments x2"), ("Payments x2", "Checkout x2")}
    assert not r.fired("CYCLE001")


# --- 4. the first line or the head noun names a component; the rest is its note -------------------------


def test_a_description_never_decides_the_kind_and_is_kept_as_the_note():
    r = canvas(
        box("Users", 0, 0),
        box("API Gateway / Token Bucket", 200, 0, 220),
        box("History Workers", 500, 0, 200, 80), text("persist to DB", 600, 60),
        box("Cassandra (storage)", 800, 0, 200),
        line(140, 30, 200, 30), line(420, 30, 500, 30), line(700, 30, 800, 30),
    )
    gw, workers, db = r.by_label("API Gateway"), r.by_label("History Workers"), r.by_label("Cassandra (storage)")
    assert (gw.kind.value, gw.note) == ("api_gateway", "Token Bucket")
    assert (workers.kind.value, workers.note) == ("worker", "persist to DB")
    assert db.kind.value == "database"


@pytest.mark.parametrize(("label", "kind"), [
    ("Score Archive (DynamoDB)", "database"), ("Session storage (Redis)", "cache"),
    ("Audit archive (Cassandra)", "database"), ("Event archive (Kafka)", "queue"),
    # The role word stays a bucket when the product is one, or when nothing names a product.
    ("Image storage (S3)", "object_storage"), ("Cold archive", "object_storage"),
    ("Backups storage (MinIO)", "object_storage"),
])
def test_a_word_for_any_store_is_the_store_its_product_names(label, kind):
    """ "Archive" and "storage" say what a store is for; the product beside them says which store it is."""
    mermaid = read("d.mmd", f'flowchart LR\n  svc[Score service] --> st["{label}"]\n')
    excalidraw = read("d.excalidraw", scene(ex_shape("s", 0, 0, "Score service"), ex_shape("t", 300, 0, label),
                                            ex_arrow("a", (160, 35), (300, 35), "s", "t")))
    assert mermaid.by_label(label).kind.value == kind
    assert excalidraw.by_label(label).kind.value == kind


def test_multi_line_mermaid_labels_keep_their_description_through_every_export():
    from design.exports.formats import export_bytes
    from design.exports.subject import subject_for

    doc = read_import("d.mmd", 'flowchart LR\n  u[Users] --> a["Orders API<br>Node.js, 3 pods"]\n'
                               '  a --> d[("Orders DB\npartitioned by tenant")]\n').document
    sub = subject_for(doc)
    api = next(c for c in sub.sketch.components if c.label == "Orders API")
    assert api.note == "Node.js, 3 pods"
    assert "Orders API<br>Node.js, 3 pods" in export_bytes(sub, "mermaid").decode()
    assert "Orders API\\nNode.js, 3 pods" in export_bytes(sub, "excalidraw").decode()
    assert "Node.js, 3 pods" in export_bytes(sub, "svg").decode(), "the note is shown on the annotated sketch"
    from design.analysis.json_contract import analysis_json

    contract = analysis_json(sub.sketch, sub.findings)
    assert {c["label"]: c.get("note") for c in contract["components"]}["Orders DB"] == "partitioned by tenant"


# --- 5. replicas drawn as boxes make their primary replicated ----------------------------------------------


@pytest.mark.parametrize(("name", "data"), [
    ("d.mmd", "flowchart LR\n  u[Users] --> a[API x2]\n  a --> db[(Orders DB)]\n  db -->|async copy| r1[Replica 1]\n"),
    ("d.excalidraw", scene(
        ex_shape("u", 0, 0, "Users"), ex_shape("a", 250, 0, "API x2"),
        ex_shape("db", 500, 0, "Orders DB", kind="ellipse"), ex_shape("r", 500, 200, "Replica 1", kind="diamond"),
        ex_arrow("x", (160, 35), (250, 35), "u", "a"), ex_arrow("y", (410, 35), (500, 35), "a", "db"),
        ex_arrow("z", (580, 70), (580, 200), "db", "r", label="replication"))),
    ("d.json", drawing(box("Users", 0, 0), box("API x2", 250, 0), box("Orders DB", 500, 0), box("Standby", 500, 200),
                       line(140, 30, 250, 30), line(390, 30, 500, 30), line(570, 60, 570, 200))),
])
def test_a_replica_drawn_as_its_own_box_makes_its_primary_replicated(name, data):
    r = read(name, data)
    copy = next(c for c in r.sketch.components if c.label in ("Replica 1", "Standby"))
    assert copy.kind.value == "database" and copy.replicated
    assert not r.on("Orders DB") & {"REPL001", "SPOF001"}
    assert not r.on(copy.label) & {"REPL001", "SPOF001", "KIND001", "SRC001"}


# --- 6. topics and streams are queues; consumers drawn either way are consumers --------------------------


def test_topic_names_are_queues_and_a_messaging_group_makes_its_boxes_topics():
    r = read("d.mmd", """flowchart LR
        web[Web client] --> api[Orders API x2]
        api -->|publish| created[orders.created]
        api --> evts[payments-events]
        subgraph kafka [Kafka cluster]
          created
          evts
          audit[AuditTrail]
        end
        created --> mail[Mailer service x2]
        ledger[Ledger service x2] -->|subscribe| evts
        ledger -->|consume| audit
        api --> audit
    """)
    assert {c.label: c.kind.value for c in r.sketch.components if c.label[0].islower() or c.label == "AuditTrail"} == \
        {"orders.created": "queue", "payments-events": "queue", "AuditTrail": "queue"}
    assert not r.fired("CONS001"), "a consumer drawn pulling (subscribe, consume) is a consumer"
    assert not r.fired("REPL001") and not r.fired("UNRC001") and not r.fired("KIND001")


# --- 7. drawings whose arrows follow the data ------------------------------------------------------------


@pytest.mark.parametrize(("name", "data"), [
    ("d.mmd", "flowchart BT\n  db[(Posts DB)] --> svc[Feed service] --> lb[Load balancer] --> app[Mobile app]\n"
              "  blob[S3 media] --> cdn[CDN] --> app\n"),
    ("d.json", drawing(box("Posts DB", 0, 0), box("Feed service", 250, 0), box("Mobile app", 500, 0),
                       line(140, 30, 250, 30), line(390, 30, 500, 30))),
])
def test_when_every_client_only_receives_the_drawing_is_read_the_way_data_moves(name, data):
    r = read(name, data)
    assert not r.fired("UNRC001")
    assert any("every client only receives arrows" in n for n in r.notes)
    assert "SPOF001" in r.on("Feed service"), "its real single point of failure is still found"


# --- 8. managed services are not single points of failure, and say so ------------------------------------


def test_managed_services_are_marked_and_spared_and_the_user_can_correct_it():
    text_ = ("flowchart LR\n  u[Mobile app] --> alb[AWS ALB] --> api[Orders API x3]\n"
             "  api --> ddb[(Orders DynamoDB)] & q[SQS jobs] & s3[S3 invoices]\n  q --> w[Invoice worker x2]\n"
             "  cdn[CloudFront] --> s3\n  u --> cdn\n  api --> ps[Pub/Sub audit]\n  ps --> w\n")
    r = read("d.mmd", text_)
    managed = {c.label for c in r.sketch.components if c.managed}
    assert managed == {"AWS ALB", "Orders DynamoDB", "SQS jobs", "S3 invoices", "CloudFront", "Pub/Sub audit"}
    assert not (r.fired("SPOF001") + r.fired("REPL001"))
    doc = read_import("d.mmd", text_).document
    from design.analysis.analyze import analyze_document

    corrected = SketchDocument(canvas=doc.canvas, corrections={"aws-alb": Correction(managed=False)})
    found = analyze_document(corrected)
    assert ("aws-alb",) in [f.elements for f in found.findings if f.rule == "SPOF001"]
    assert not next(c for c in found.sketch.components if c.id == "aws-alb").managed


def test_redis_pub_sub_is_redis_not_googles_pub_sub():
    r = read("d.mmd", "flowchart LR\n  a[Chat service x2] <--> r[(Redis Pub/Sub)]\n  u[Browser] --> a\n")
    assert not r.by_label("Redis Pub/Sub").managed and "REPL001" in r.on("Redis Pub/Sub")


# --- 9. Mermaid that is valid but was refused --------------------------------------------------------------


def test_architecture_beta_services_groups_junctions_and_group_edges():
    r = read("d.mmd", """architecture-beta
        group cloud(cloud)[AWS eu-west-1]
        group data(database)[Data] in cloud
        service users(internet)[Players]
        service api(server)[Game API] in cloud
        service db(database)[Scores] in data
        service bucket(logos:aws-s3)[Replays] in data
        junction hub in cloud
        users:R --> L:api
        api:R -- L:hub
        hub:R -- L:db
        hub:B -- T:bucket
        api{group}:B --> T:db{group}
    """)
    assert {c.label: c.kind.value for c in r.sketch.components} == {
        "Players": "client", "Game API": "service", "Scores": "database", "Replays": "object_storage"}
    assert r.by_label("Replays").note == "aws s3" and r.by_label("Replays").managed
    assert r.groups() == {"AWS eu-west-1": ["Game API", "Replays", "Scores"], "Data": ["Replays", "Scores"]}
    assert ("Players", "Game API", "") in r.flows() and ("Game API", "Scores", "") in r.flows()
    assert ("Game API", "Replays", "") in r.flows(), "services meeting at a junction are linked across it"


def test_shape_data_after_a_label_circle_and_cross_heads_and_quoted_multi_line_labels():
    r = read("d.mmd", 'flowchart LR\n  c(["Client"]) --o gw["Edge gateway"]@{ shape: hex }\n'
                      '  gw --x db@{ shape: cyl, label: "Ledger" }\n  gw --> s["Settlement\n  nightly batch"]\n')
    assert r.flows() == {("Client", "Edge gateway", ""), ("Edge gateway", "Ledger", ""),
                         ("Edge gateway", "Settlement", "")}
    assert r.by_label("Ledger").kind.value == "database" and r.by_label("Settlement").note == "nightly batch"


@pytest.mark.parametrize("word", ["C4Context", "C4Container"])
def test_c4_diagrams_are_refused_with_a_message_that_says_so(word):
    with pytest.raises(InputError, match=r"line 1: this is a C4 diagram .* flowchart with a subgraph per system"):
        read_import("d.mmd", f'{word}\n  Person(u, "User")\n  System(s, "Shop")\n  Rel(u, s, "uses")\n')
    with pytest.raises(InputError, match=r"line 4: the mermaid block is a C4 diagram"):
        read_import("README.md", f"# Shop\n\n```mermaid\n{word}\n  Person(u, \"User\")\n```\n")


# --- 10. Excalidraw as people draw it ----------------------------------------------------------------------


def test_free_text_names_a_box_only_as_its_sole_text_and_is_never_glued_to_a_bound_name():
    r = read("d.excalidraw", scene(
        ex_shape("a", 0, 0, w=200, h=90), ex_text("a1", 20, 10, "Dispatch Service"), ex_text("a2", 20, 50, "p99 < 200ms"),
        ex_shape("b", 300, 0, "Trip Service", w=200, h=90), ex_text("b1", 320, 60, "edited 2024-03-12"),
        ex_shape("c", 600, 0, w=200, h=90), ex_text("c1", 620, 30, "Trip DB"),
        ex_arrow("x", (200, 45), (300, 45), "a", "b"), ex_arrow("y", (500, 45), (600, 45), "b", "c"),
    ))
    assert {(c.label, c.note) for c in r.sketch.components} == {
        ("Dispatch Service", "p99 < 200ms"), ("Trip Service", "edited 2024-03-12"), ("Trip DB", "")}


def test_an_arrow_bound_to_a_boxs_free_text_attaches_to_the_box():
    r = read("d.excalidraw", scene(
        ex_shape("a", 0, 0, w=200, h=90), ex_text("a1", 20, 30, "Matching Service x2"),
        ex_shape("b", 400, 0, w=200, h=90), ex_text("b1", 420, 30, "Drivers Redis"),
        ex_arrow("x", (180, 45), (420, 45), "a1", "b1"),  # bound to the texts, not the boxes
    ))
    assert r.flows() == {("Matching Service x2", "Drivers Redis", "")} and not r.sketch.dangling


def test_lines_outlining_a_cylinder_grow_it_and_lines_joining_no_two_boxes_are_not_flows():
    r = read("d.excalidraw", scene(
        ex_shape("svc", 0, 60, "Parser x2"),
        ex_shape("top", 300, 40, None, w=140, h=30, kind="ellipse"),
        ex_line("l", (300, 55), (300, 170)), ex_line("r", (440, 55), (440, 170)),
        ex_line("bottom", (300, 170), (370, 185), (440, 170)),
        ex_text("t", 320, 110, "Seen URLs DB"),
        ex_arrow("a", (160, 130), (300, 130), "svc", None),
        ex_line("sep", (0, 300), (600, 300)),  # a separator under the drawing
    ))
    db = r.by_label("Seen URLs DB")
    assert db.kind.value == "database" and db.box.height > 100
    assert r.flows() == {("Parser x2", "Seen URLs DB", "")}
    assert not r.sketch.dangling and not r.fired("LABL001") and not r.fired("ORPH001")
    assert any("joining no two boxes read as drawing" in n for n in r.notes)


def test_a_sequence_diagram_scene_is_refused_with_a_message():
    heads = []
    for i, name in enumerate(["Browser", "Auth server", "API"]):
        x = i * 300
        heads += ex_shape(f"h{i}", x, 0, name) + ex_shape(f"f{i}", x, 600, name)
        heads.append(ex_line(f"life{i}", (x + 80, 70), (x + 80, 600)) | {"strokeStyle": "dashed"})
    messages = [ex_arrow(f"m{i}", (80, 120 + 60 * i), (380, 120 + 60 * i)) for i in range(3)]
    with pytest.raises(InputError, match=r"this scene is a sequence diagram \(lifelines under .*auth server"):
        read_import("login.excalidraw", __import__("json").dumps(scene(*heads, *messages)))


# --- 11. notes speak the file's language -------------------------------------------------------------------


def test_notes_about_an_import_name_its_line_or_its_element_never_a_canvas_object():
    long = "x" * 300
    mmd = read("d.mmd", f"flowchart LR\n  a[API] --> b[{long}]\n  a --> a\n")
    assert all(n.startswith("line ") for n in mmd.notes) and len(mmd.notes) == 2
    ex = read("d.excalidraw", scene(ex_shape("k3x", 0, 0, "Orders DB"), ex_shape("big", 300, 0, long),
                                    {"id": "pen", "type": "freedraw", "x": 0, "y": 200, "points": [[0, 0], [5, 5]]}))
    assert ex.notes and all(n.startswith("element '") for n in ex.notes), ex.notes
    assert not any("objects[" in n for n in (*mmd.notes, *ex.notes))


# --- what was drawn survives every export and comes back ------------------------------------------------

HABITS = """flowchart LR
    users[Mobile app] --> alb[AWS ALB]
    subgraph region [eu-west-1]
      subgraph az [eu-west-1a]
        ws1[Web Server 1]
        ws2[Web Server 2]
      end
      db[("Orders DB<br>Postgres 16")]
    end
    alb --> ws1 & ws2
    ws1 & ws2 --> db
    db -->|async copy| rep[(Orders replica)]
    ws1 <--> cache[Session cache x3]
"""


def _reading(sketch):
    names = {c.id: c.label for c in sketch.components}
    return (
        {(c.label, c.kind, c.note, tuple(m.label for m in c.members), c.managed) for c in sketch.components},
        {(names[f.source], names[f.target], f.label, f.two_way) for f in sketch.flows},
        {(g.title, tuple(sorted(names[m] for m in g.members)), g.zone) for g in sketch.groups},
    )


@pytest.mark.parametrize(("fmt", "name"), [("mermaid", "back.mmd"), ("excalidraw", "back.excalidraw"),
                                           ("json", "back.json")])
def test_groups_pools_notes_and_two_way_flows_round_trip_through_each_export(fmt, name):
    from design.analysis.analyze import analyze_document
    from design.exports.formats import export_bytes
    from design.exports.subject import subject_for

    subject = subject_for(read_import("d.mmd", HABITS).document)
    assert subject.sketch.groups and any(c.members for c in subject.sketch.components)
    back = analyze_document(read_import(name, export_bytes(subject, fmt)).document)
    assert _reading(back.sketch) == _reading(subject.sketch)
    assert [f.rule for f in back.findings] == [f.rule for f in subject.findings]


def test_the_mermaid_export_writes_subgraphs_pool_boxes_notes_and_two_way_links():
    from design.exports.mermaid import mermaid_text
    from design.exports.subject import subject_for

    text_ = mermaid_text(subject_for(read_import("d.mmd", HABITS).document))
    assert 'subgraph group_eu_west_1["eu-west-1"]' in text_ and 'subgraph group_eu_west_1a["eu-west-1a"]' in text_
    assert 'web_server("Web Server 1")' in text_ and 'web_server_2("Web Server 2")' in text_
    assert "Orders DB<br>Postgres 16" in text_ and " <--> " in text_


def test_the_excalidraw_export_makes_the_outer_group_a_frame_and_the_inner_one_a_dashed_box():
    import json

    from design.exports.excalidraw import excalidraw_text
    from design.exports.subject import subject_for

    elements = json.loads(excalidraw_text(subject_for(read_import("d.mmd", HABITS).document)))["elements"]
    (frame,) = [e for e in elements if e["type"] == "frame"]
    assert frame["name"] == "eu-west-1"
    members = {e["id"] for e in elements if e.get("frameId") == frame["id"] and e["type"] == "rectangle"}
    assert {"sf-box-web-server-1", "sf-box-web-server-2", "sf-box-orders-db"} <= members
    inner = next(e for e in elements if e["id"] == "sf-group-eu-west-1a")
    assert inner["strokeStyle"] == "dashed"
    two_way = [e for e in elements if e["type"] == "arrow" and e["startArrowhead"] and e["endArrowhead"]]
    assert len(two_way) == 1


def test_the_annotated_sketch_draws_each_group_as_a_dashed_boundary_with_its_title():
    from PIL import Image

    from design.exports.formats import export_bytes
    from design.exports.subject import scene_for, subject_for

    subject = subject_for(read_import("d.mmd", HABITS).document)
    scene = scene_for(subject)
    assert [g.title for g in scene.groups] == ["eu-west-1", "eu-west-1a"], "outer first, so the inner one is on top"
    assert sum(b.id == "web-server" for b in scene.boxes) == 2, "a pool is drawn as the boxes it was drawn as"
    svg = export_bytes(subject, "svg").decode()
    assert '<g id="groups">' in svg and 'stroke-dasharray="6 6"' in svg and ">eu-west-1a</text>" in svg
    import io

    png = Image.open(io.BytesIO(export_bytes(subject, "png"))).convert("RGB")
    k = png.width / scene.width
    g = scene.groups[0].box
    edge = [png.getpixel((round((g.left + dx) * k), round(g.top * k))) for dx in range(0, int(g.width), 3)]
    grey = [p for p in edge if p != (255, 255, 255)]
    assert 0 < len(grey) < len(edge), "dashed: ink and gaps along the top edge"


# --- the pieces behind the habits ---------------------------------------------------------------------------


def test_containment_asks_the_grid_about_each_box_once_so_it_stays_near_linear():
    """5,000 boxes in 500 groups inside one frame: each box's container comes from the few boxes the grid
    files near its centre, never from every box (counted, not timed)."""
    from design.canvas.containment import containers_of
    from design.model.geometry import Box, GridIndex, Point

    boxes = [Box(0, 0, 60_000, 6_000)]  # a frame around everything
    for g in range(500):
        gx, gy = (g % 50) * 1_200, (g // 50) * 600
        boxes.append(Box(gx + 10, gy + 10, 1_100, 500))
        boxes += [Box(gx + 40 + k * 110, gy + 60, 100, 60) for k in range(9)]
    index = GridIndex(enumerate(boxes), 0.0)
    looked_at = sum(len(index.near(Point(b.left + b.width / 2, b.top + b.height / 2))) for b in boxes)
    assert looked_at < 8 * len(boxes)
    parents = containers_of(boxes, index)
    assert parents[0] is None and parents[1] == 0 and parents[2] == 1 and parents[-1] == len(boxes) - 10


def test_boxes_of_one_name_that_call_each_other_are_stages_not_a_pool():
    r = read("d.mmd", "flowchart LR\n  u[Users] --> s1[Stage 1 service] & x[Scheduler]\n"
                      "  p1[Parser 1] --> p2[Parser 2] --> db[(Store)]\n  x --> p1 & p2\n")
    assert {"Parser 1", "Parser 2"} <= {c.label for c in r.sketch.components}


@pytest.mark.parametrize(("title", "severity"), [("EC2 host", "high"), ("us-east-1b", "medium")])
def test_every_replica_on_one_host_or_in_one_zone_is_a_common_mode_failure(title, severity):
    r = read("d.mmd", f"flowchart LR\n  u[Users] --> lb[ALB]\n  subgraph g [{title}]\n    a1[API 1]\n    a2[API 2]\n"
                      "  end\n  lb --> a1 & a2\n")
    (hit,) = [f for f in r.findings if f.rule == "CMF001"]
    assert hit.elements == ("api",) and hit.severity.value == severity and title in hit.message


def test_one_region_is_no_common_mode_failure_until_the_design_spans_two():
    one = "flowchart LR\n  u[Users] --> lb[ALB]\n  subgraph r [eu-west-1]\n    a[API x3]\n  end\n  lb --> a\n"
    assert not read("d.mmd", one).fired("CMF001"), "a single-region design is not lectured about regions"
    two = one + "  subgraph r2 [us-east-1]\n    dr[DR API x2]\n  end\n  lb --> dr\n"
    assert read("d.mmd", two).fired("CMF001") == [("api",), ("dr-api",)]


def test_a_group_named_for_a_role_says_what_its_unnamed_members_are():
    r = read("d.mmd", "flowchart LR\n  subgraph users [Clients]\n    web[Web checkout]\n    kiosk[Store kiosk]\n  end\n"
                      "  users --> api[Checkout API x2]\n  subgraph jobs [Background workers]\n"
                      "    rec[Receipt mailer]\n  end\n  api -->|enqueue| q[(Receipts queue)] --> rec\n")
    assert {c.label: c.kind.value for c in r.sketch.components if c.label in ("Web checkout", "Store kiosk",
                                                                              "Receipt mailer")} == {
        "Web checkout": "client", "Store kiosk": "client", "Receipt mailer": "worker"}
    assert not r.fired("UNRC001") and not r.fired("KIND001")
