"""Where the built book is, and how to build it on demand (shared by tests/book/*).

``pytest tests/book`` works alone: if ``_build/html`` is missing, :func:`ensure_built` runs
``scripts/build_book.py`` once (an exclusive file lock keeps pytest-xdist workers from building
twice at the same time) and fails with the build's output if the build fails.
A module of its own (not conftest.py) so that test modules can import it by a unique name.
"""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
ROOT = Path(__file__).resolve().parents[2]
# BOOK_BUILD_DIR: test another build folder (holding html/ and _toc.generated.yml) instead of _build.
BUILD = Path(os.environ.get("BOOK_BUILD_DIR", ROOT / "_build")).resolve()
HTML = BUILD / "html"
GENERATED_TOC = BUILD / "_toc.generated.yml"


@contextmanager
def locked(name: str):
    """An exclusive inter-process lock on ``_build/<name>`` (held for the ``with`` block)."""
    BUILD.mkdir(exist_ok=True)
    with open(BUILD / name, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_built() -> Path:
    """Return ``_build/html``, building the book first if it is missing."""
    with locked(".build.lock"):
        if not (HTML / "index.html").is_file() or not GENERATED_TOC.is_file():
            proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_book.py"),
                                   "--output", str(BUILD.parent)],
                                  cwd=ROOT, capture_output=True, text=True)
            if proc.returncode != 0:
                pytest.fail("scripts/build_book.py failed:\n" + proc.stdout[-6000:] + proc.stderr[-4000:])
    return HTML


def toc_docnames(toc: dict) -> list[str]:
    """Docnames of a jb-book TOC in reading order (root, then parts/chapters/sections)."""
    names = [toc["root"]]

    def walk(entries):
        for entry in entries:
            names.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return names
