"""Every chapter draws its figures at build time: each chapter page must show at least one of them.

A kernel left on a non-interactive matplotlib backend (for example MPLBACKEND=Agg inherited from the
environment) executes every plotting cell without error and yet puts no figure in the page; only a
check of the built HTML sees that.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from booksite import ROOT

CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("[0-9][0-9]-*.md"))
FIGURE = re.compile(r'<img[^>]*\bsrc="\.\./_images/[^"]+\.(?:png|svg|jpg)"')


def test_there_are_chapters():
    assert len(CHAPTERS) >= 9, CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page_shows_its_figures(site: Path, chapter: str):
    html = (site / "book" / f"{chapter}.html").read_text(encoding="utf-8")
    figures = FIGURE.findall(html)
    assert figures, (f"book/{chapter}.html shows no figure computed at build time: is the kernel's "
                     "matplotlib backend inline (scripts/build_book.py sets it)?")
    for tag in figures:
        src = re.search(r'src="\.\./([^"]+)"', tag).group(1)
        assert (site / src).is_file(), f"book/{chapter}.html links a missing image {src}"
