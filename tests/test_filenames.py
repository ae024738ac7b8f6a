"""File names built from design titles: one path component, on every platform, whatever the title."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from design.filenames import MAX_STEM, safe_filename


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
