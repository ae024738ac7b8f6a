"""File names built from design titles: one path component, on every platform, whatever the title."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from design.exports.filenames import MAX_STEM, MAX_STEM_BYTES, safe_filename
from support.paths import ROOT


@pytest.mark.parametrize(
    ("title", "ext", "expected"),
    [
        ("URL shortener", "png", "URL-shortener.png"),
        ("URL shortener v3", "zip", "URL-shortener-v3.zip"),
        ("../../etc/passwd", "md", "etc-passwd.md"),
        ("..\\..\\Windows\\system32", "", "Windows-system32"),
        ("/absolute/path", "json", "absolute-path.json"),
        ("CON", "png", "CON_.png"),
        ("nul", "", "nul_"),
        ("com1", "txt", "com1_.txt"),
        ("LPT9.final", "md", "LPT9_.final.md"),
        ("Aux service", "md", "Aux-service.md"),  # only the exact device name is reserved
        ("", "svg", "design.svg"),
        ("....", "svg", "design.svg"),
        ("   ", "svg", "design.svg"),
        (".hidden", "md", "hidden.md"),
        ("-rf", "md", "rf.md"),
        ("a\x00b\x1fc\x7fd", "md", "a-b-c-d.md"),
        ("evil\u202egnp.exe", "md", "evil-gnp.exe.md"),
        ("zero\u200bwidth", "", "zero-width"),
        ('what? <x> "y" |z| *', "mmd", "what-x-y-z.mmd"),
        ("Zahlungsdienst für Bestellungen", "md", "Zahlungsdienst-für-Bestellungen.md"),
        ("日本語の設計", "png", "日本語の設計.png"),
        ("Ｆｕｌｌｗｉｄｔｈ", "", "Fullwidth"),
        ("a/b", "../png", "a-b.png"),
    ],
)
def test_titles_become_safe_file_names(title, ext, expected):
    assert safe_filename(title, ext) == expected


def test_long_titles_are_bounded():
    name = safe_filename("x" * 10_000, "excalidraw")
    assert name == "x" * MAX_STEM + ".excalidraw"


@given(st.text(max_size=300), st.sampled_from(["", "png", "md", "tar.gz"]))
def test_any_title_gives_one_harmless_path_component(title, ext):
    name = safe_filename(title, ext)
    stem = name[: -len(ext) - 1] if ext else name
    assert name and stem
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith((".", "-"))
    assert all(ch.isprintable() and not ch.isspace() for ch in name)
    assert len(stem) <= MAX_STEM + 1  # plus a reserved-name "_"
    assert stem.split(".")[0].lower() not in {"con", "prn", "aux", "nul", "com1", "lpt1"}
    assert ".." not in name


# --- every place a file name is built from user text ------------------------------------------------

HOSTILE_TITLES = [
    "../../etc/passwd", "/etc/passwd", "..\\..\\Windows\\System32\\config", "C:\\Windows\\evil", "\\\\server\\share\\x",
    "~/.ssh/authorized_keys", "CON", "nul", "COM1", "lpt9", "aux.txt", "Con.tar.gz", "COM¹", "report. . ", "name...   ",
    "trailing space ", "", ".", "..", "....", " . . ", "\x00\x01", "\u202eexe.gnp", "تصميم النظام", "日本語の設計",
    "𠀀" * 100, "é" * 300, "x" * 10_000, "a/b\\c:d*e?f\"g<h>i|j", "-rf --no-preserve-root",
]


@pytest.mark.parametrize(
    ("title", "ext", "expected"),
    [
        ("aux.txt", "md", "aux_.txt.md"),
        ("Con.tar.gz", "", "Con_.tar.gz"),
        ("COM¹", "png", "COM1_.png"),
        ("report. . ", "md", "report.md"),
        ("name...   ", "", "name"),
        ("trailing space ", "svg", "trailing-space.svg"),
        ("..", "md", "design.md"),
        (" . . ", "md", "design.md"),
        ("C:\\Windows\\evil", "md", "C-Windows-evil.md"),
        ("\\\\server\\share\\x", "md", "server-share-x.md"),
        ("~/.ssh/authorized_keys", "", "ssh-authorized_keys"),
        ("تصميم النظام", "md", "تصميم-النظام.md"),
    ],
)
def test_more_hostile_titles(title, ext, expected):
    assert safe_filename(title, ext) == expected


def test_names_are_bounded_in_bytes_as_well_as_characters():
    """File systems limit bytes: 100 letters outside the BMP would be 400 of them."""
    for title in ("𠀀" * 100, "é" * 300, "日本語" * 100):
        name = safe_filename(title + " v12", "excalidraw")
        assert len(name.encode("utf-8")) <= MAX_STEM_BYTES + len(".excalidraw") + 1


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_every_export_name_lands_in_the_chosen_folder(title, tmp_path):
    """export_name for every format and version, and each bundle member, as real files in a real folder."""
    from design.exports.formats import FORMATS, bundle_bytes, export_name
    from design.exports.subject import subject_for
    from design.model.document import SketchDocument
    from support.canvas_builder import canvas

    doc = SketchDocument(canvas=canvas({"Web": (20, 20), "DB": (220, 20)}, [("Web", "DB")]), title=title)
    for version in (None, 3):
        subject = subject_for(doc, version=version, saved_at="2026-11-28T10:00:00+00:00" if version else None)
        for fmt in FORMATS:
            name = export_name(subject, fmt)
            path = tmp_path / name
            path.write_bytes(b"x")
            assert path.parent == tmp_path and path.resolve().parent == tmp_path.resolve(), name
            assert name.endswith("." + FORMATS[fmt].extension)
            path.unlink()
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(bundle_bytes(subject))) as zf:
        for member in zf.namelist():
            folder, _, base = member.partition("/")
            assert folder == export_name(subject, "") and base and "/" not in base and "\\" not in base
            assert not folder.startswith((".", "-")) and ".." not in member
        zf.extractall(tmp_path / "unzipped")
    assert all(p.resolve().is_relative_to((tmp_path / "unzipped").resolve()) for p in (tmp_path / "unzipped").rglob("*"))


@pytest.mark.parametrize("title", ["../../escaped", "/tmp/abs", "..\\..\\win", "CON", "𠀀" * 100, "x" * 10_000])
def test_cli_default_output_names_stay_in_the_working_directory(title, tmp_path, monkeypatch, capsys):
    import json

    from cli import main
    from support.canvas_builder import canvas

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    source = tmp_path / "in.canvas.json"
    source.write_text(json.dumps(canvas({"Web": (20, 20), "DB": (220, 20)}, [("Web", "DB")])))
    for fmt in ("md", "bundle"):
        assert main(["export", str(source), "--to", fmt, "--title", title]) == 0
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file() and p != source)
    assert written and all(p.parent == work for p in written), written
    assert len(written) == 3  # the report, the picture beside it, the zip
    printed = capsys.readouterr().out.split()
    assert all("/" not in name for name in printed)


def test_the_app_names_every_download_through_export_name():
    """The one place the app builds a file name: each download button's file_name is export_name(...)."""
    import ast

    shell = [ROOT / "app.py", *sorted((ROOT / "ui").rglob("*.py"))]  # the browser shell
    names = [kw.value for path in shell for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.Call) for kw in node.keywords if kw.arg == "file_name"]
    assert names and all(isinstance(v, ast.Call) and ast.unparse(v.func) == "export_name" for v in names)
