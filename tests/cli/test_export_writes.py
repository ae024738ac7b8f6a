"""``sketchfirst export`` writes only where it says, never through a link it finds there (issue 14 item 11).

An output folder may hold a symbolic link under the name an export is about
to use (a shared or checked-out folder, a link planted by someone else). A
plain ``write_bytes`` follows it and overwrites the file it points to, outside
the folder. Each test plants a real symlink whose target lies outside
``tmp_path/out`` and checks that the target is untouched.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cli import main
from support.paths import EXAMPLES

SOURCE = str(EXAMPLES / "rate-limiter.canvas.json")
SECRET = b"the file outside the output folder\n"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    outside = tmp_path / "elsewhere" / "victim.txt"
    outside.parent.mkdir()
    outside.write_bytes(SECRET)
    return outside


@pytest.mark.parametrize(("fmt", "name"), [("svg", "rate-limiter.svg"), ("json", "rate-limiter.json"),
                                           ("bundle", "rate-limiter.zip")])
def test_a_symlink_in_the_output_folder_is_not_followed(fmt, name, out, victim, capsys):
    (out / name).symlink_to(victim)
    assert main(["export", SOURCE, "--to", fmt, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"sketchfirst: {out / name}: is a symbolic link; not writing through it (remove it or pick another name)\n"
    assert victim.read_bytes() == SECRET
    assert (out / name).is_symlink() and os.readlink(out / name) == str(victim)
    assert sorted(p.name for p in out.iterdir()) == [name], "no temporary file is left behind"


def test_a_dangling_symlink_is_not_followed_either(out, tmp_path, capsys):
    planted = tmp_path / "elsewhere" / "created.svg"
    (out / "rate-limiter.svg").symlink_to(planted)
    assert main(["export", SOURCE, "--to", "svg", "-o", str(out)]) == 2
    assert not planted.exists() and not planted.parent.exists()
    assert "is a symbolic link" in capsys.readouterr().err


def test_the_report_and_its_picture_are_both_checked_before_either_is_written(out, victim, capsys):
    (out / "rate-limiter.png").symlink_to(victim)
    assert main(["export", SOURCE, "--to", "md", "-o", str(out)]) == 2
    assert victim.read_bytes() == SECRET
    assert sorted(p.name for p in out.iterdir()) == ["rate-limiter.png"], "nothing half-written"
    assert "rate-limiter.png: is a symbolic link" in capsys.readouterr().err


def test_an_explicit_output_file_that_is_a_symlink_is_refused(out, victim, capsys):
    (out / "report.svg").symlink_to(victim)
    assert main(["export", SOURCE, "--to", "svg", "-o", str(out / "report.svg")]) == 2
    assert victim.read_bytes() == SECRET


def test_an_existing_regular_file_is_replaced_whole_with_ordinary_permissions(out, capsys):
    target = out / "rate-limiter.svg"
    target.write_bytes(b"old" * 100_000)
    hard = out / "hardlink-to-old.svg"
    os.link(target, hard)
    old_umask = os.umask(0o022)
    try:
        assert main(["export", SOURCE, "--to", "svg", "-o", str(out)]) == 0
    finally:
        os.umask(old_umask)
    assert target.read_bytes().startswith(b"<?xml") and target.read_bytes().rstrip().endswith(b"</svg>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert hard.read_bytes() == b"old" * 100_000, "the file is replaced, not written into (a hard link keeps the old)"
    assert sorted(p.name for p in out.iterdir()) == ["hardlink-to-old.svg", "rate-limiter.svg"]
    assert capsys.readouterr().out == f"{target}\n"


def test_a_symlinked_output_folder_named_by_the_user_is_followed(tmp_path, capsys):
    real = tmp_path / "real-folder"
    real.mkdir()
    link = tmp_path / "link-folder"
    link.symlink_to(real, target_is_directory=True)
    assert main(["export", SOURCE, "--to", "mermaid", "-o", str(link)]) == 0
    assert (real / "rate-limiter.mmd").read_text().startswith("---\n")
