"""Who may read, critique and change what, enforced by the store on both backends; share links."""

from __future__ import annotations

import pytest

from design.analysis.analyze import analyze_document
from design.model.document import SketchDocument
from design.store import EVERYONE, Right, StoreError, signed_in
from design.store.access import hash_token, normal_email
from support.paths import load_example

ADA, LIN, COACH = "ada@example.org", "lin@example.org", "coach@example.org"


def document(title="Chat"):
    return SketchDocument(canvas=load_example("chat.canvas.json"), title=title)


def save(store, design_id, title="Chat"):
    doc = document(title)
    return store.save_version(design_id, doc, analyze_document(doc).findings).number


@pytest.fixture
def people(store):
    """Ada and Lin each own a design with one version; a coach and the store without sign-in look on."""
    ada, lin = store.as_viewer(signed_in(ADA)), store.as_viewer(signed_in(LIN))
    coach = store.as_viewer(signed_in(COACH, coach=True))
    mine, theirs = ada.create_design("Ada's chat", "chat"), lin.create_design("Lin's feed")
    save(ada, mine, "Ada's chat")
    save(lin, theirs, "Lin's feed")
    return {"ada": ada, "lin": lin, "coach": coach, "all": store, "mine": mine, "theirs": theirs}


def test_a_signed_in_person_lists_and_opens_only_their_own_designs(people):
    ada, mine, theirs = people["ada"], people["mine"], people["theirs"]
    assert [d.id for d in ada.list_designs()] == [mine]
    assert ada.get_design(mine).owner == ADA
    for call in (lambda: ada.get_design(theirs), lambda: ada.load_version(theirs, 1),
                 lambda: ada.list_versions(theirs), lambda: ada.latest_number(theirs),
                 lambda: ada.list_critiques(theirs), lambda: ada.load_draft(theirs), lambda: ada.pairing(theirs)):
        with pytest.raises(StoreError, match=f"design {theirs} does not exist"):  # the words for a missing one
            call()


def test_nobody_but_the_owner_changes_a_design(people):
    ada, coach, theirs = people["ada"], people["coach"], people["theirs"]
    for viewer in (ada, coach):
        with pytest.raises(StoreError):
            save(viewer, theirs)
        with pytest.raises(StoreError):
            viewer.save_draft(theirs, document())
        with pytest.raises(StoreError):
            viewer.set_decision(theirs, 1, "SPOF001:x", "accepted")
        with pytest.raises(StoreError):
            viewer.create_share(theirs, 1)
        with pytest.raises(StoreError):
            viewer.delete_draft(theirs)
    with pytest.raises(StoreError, match="only its owner can change it"):  # a coach reads it, so is told why
        save(coach, theirs)
    assert people["lin"].latest_number(theirs) == 1 and people["lin"].load_draft(theirs) is None
    assert people["all"].list_versions(theirs)[-1].number == 1


def test_a_coach_reads_everyone_and_critiques_but_does_not_edit(people):
    coach, lin, ada, theirs = people["coach"], people["lin"], people["ada"], people["theirs"]
    assert {d.id for d in coach.list_designs()} == {people["mine"], theirs}
    assert coach.load_version(theirs, 1).document.title == "Lin's feed"
    assert coach.may(theirs, Right.READ) and coach.may(theirs, Right.COMMENT) and not coach.may(theirs, Right.CHANGE)
    cid = coach.save_critique(theirs, 1, "stress", {"probes": [], "note": "from the coach"})
    coach.update_critique(cid, {"probes": [], "note": "from the coach, edited"})
    assert lin.list_critiques(theirs)[0].payload["note"] == "from the coach, edited"  # the owner sees it
    with pytest.raises(StoreError, match=f"design {people['mine']} does not exist"):  # not a coach: not even readable
        lin.save_critique(people["mine"], 1, "stress", {})
    with pytest.raises(StoreError, match="does not exist"):  # Ada cannot even see Lin's critique's design
        ada.update_critique(cid, {})
    # The coach's own design is theirs to change.
    own = coach.create_design("Coach's example")
    assert save(coach, own) == 1


def test_rounds_and_scorecards_follow_the_designs(people):
    from datetime import UTC, datetime, timedelta

    ada, lin, coach = people["ada"], people["lin"], people["coach"]
    t0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    r = lin.start_practice(people["theirs"], time_box=timedelta(minutes=30), started_at=t0)
    lin.finish_practice(r.id, t0 + timedelta(minutes=20), lambda payload: 0)
    lin.save_scorecard(r.id, "junior", {"level": "junior"})
    assert [p.id for p in lin.practice_log()] == [r.id] and [p.id for p in coach.practice_log()] == [r.id]
    assert ada.practice_log() == [] and ada.scorecard_history() == []
    assert [s.session_id for s in coach.scorecard_history()] == [r.id]
    assert ada.open_practice(people["theirs"]) is None
    again = lin.start_practice(people["theirs"], time_box=timedelta(minutes=30), started_at=t0)
    for viewer in (ada, coach):  # opening the reference marks only the owner's own round
        with pytest.raises(StoreError):
            viewer.mark_revealed(again.id, 1)
    assert ada.rounds_of(people["theirs"]) == [] and len(coach.rounds_of(people["theirs"])) == 2
    lin.mark_revealed(again.id, 1)
    assert lin.open_practice(people["theirs"]).revealed_version == 1


def test_without_sign_in_everything_is_everyones(people):
    everyone = people["all"]
    assert everyone.viewer is EVERYONE
    assert len(everyone.list_designs()) == 2
    assert save(everyone, people["theirs"]) == 2  # as before sign-in existed
    d = everyone.create_design("Laptop")
    assert everyone.get_design(d).owner is None
    assert people["ada"].list_designs()[0].id == people["mine"]  # an unowned design is nobody's signed-in own


def test_a_share_link_opens_one_version_read_only_until_it_is_revoked(people):
    ada, lin, mine = people["ada"], people["lin"], people["mine"]
    token = ada.create_share(mine, 1)
    assert len(token) >= 40 and hash_token(token) != token
    save(ada, mine, "Ada's chat v2")
    anonymous = people["all"].as_viewer(EVERYONE)
    shared = anonymous.open_share(token)
    assert (shared.saved.info.number, shared.title, shared.owner) == (1, "Ada's chat", ADA)
    assert lin.shared_with_me() == []
    lin.open_share(token)
    assert [(s.design_id, s.version) for s in lin.shared_with_me()] == [(mine, 1)]
    assert lin.open_shared(lin.shared_with_me()[0].id).saved.document.title == "Ada's chat"
    with pytest.raises(StoreError):  # a link reads; it does not open the design itself
        lin.load_version(mine, 2)
    with pytest.raises(StoreError):
        save(lin, mine)
    with pytest.raises(StoreError):  # only the owner lists and revokes
        lin.revoke_share(ada.list_shares(mine)[0].id)
    assert lin.list_shares(mine) == []
    ada.revoke_share(ada.list_shares(mine)[0].id)
    assert not ada.list_shares(mine)[0].active
    for call in (lambda: anonymous.open_share(token), lambda: lin.open_shared(ada.list_shares(mine)[0].id)):
        with pytest.raises(StoreError, match="does not exist or has been revoked"):
            call()
    assert lin.shared_with_me() == []


@pytest.mark.parametrize("token", ["", "x" * 10, "a b c d e f g h i j k l", "é" * 43, "A" * 43, "x" * 5000])
def test_a_link_that_is_not_one_of_ours_says_so(people, token):
    with pytest.raises(StoreError, match="does not exist or has been revoked"):
        people["all"].open_share(token)


def test_a_share_needs_a_saved_version(people):
    with pytest.raises(StoreError, match="has no version 7"):
        people["ada"].create_share(people["mine"], 7)


def test_the_owner_of_a_design_is_the_lower_cased_address():
    assert signed_in(" Ada@Example.ORG").email == ADA
    for bad in (None, "", "ada", "a b@c", "@x", 5, "x" * 70 + "@y"):
        with pytest.raises(ValueError):
            normal_email(bad)


def test_a_visitor_who_has_not_signed_in_reads_only_share_links(people):
    from design.store import SIGNED_OUT

    visitor = people["all"].as_viewer(SIGNED_OUT)
    token = people["ada"].create_share(people["mine"], 1)
    assert visitor.list_designs() == [] and visitor.practice_log() == [] and visitor.shared_with_me() == []
    with pytest.raises(StoreError, match="does not exist"):
        visitor.load_version(people["mine"], 1)
    with pytest.raises(StoreError, match="sign in to create a design"):
        visitor.create_design("Mine?")
    assert visitor.open_share(token).saved.number == 1
    assert people["ada"].list_shares(people["mine"])  # and nothing was recorded for the anonymous visitor
    with people["all"]._read() as db:
        assert db.execute("SELECT COUNT(*) FROM share_visitors").fetchone()[0] == 0
