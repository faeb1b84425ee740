"""Fixtures for the student-edition tests: a generated edition, and its book built once per run.

The built edition is shared by the pytest-xdist workers of one run: it lives in
``_build/edition-test/`` and is (re)built under a file lock when the stamp there does not name
the current run (``PYTEST_XDIST_TESTRUNUID``; without xdist, every session builds it). The
build reuses the main book's execution cache and npm packages (copied in): the pages' code is
the same, so no page runs twice; everything else comes from the edition alone.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "book"))
import booksite  # noqa: E402
import student_edition  # noqa: E402

SHARED = ROOT / "_build" / "edition-test"
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex


def test_published() -> list[str]:
    """The assignments the test edition publishes: all but the last, so one is unreleased."""
    return student_edition.assignments()[:-1]


test_published.__test__ = False  # a helper, not a test


@pytest.fixture(scope="session")
def published() -> list[str]:
    return test_published()


@pytest.fixture(scope="session")
def unpublished(published) -> str:
    (name,) = sorted(set(student_edition.assignments()) - set(published))
    return name


def _build_edition(out: Path, published: list[str]) -> None:
    student_edition.generate(out, published)
    booksite.ensure_built()  # the main book: its execution cache serves the edition's pages
    with booksite.locked(".build.lock"):
        shutil.copytree(ROOT / "_build" / ".jupyter_cache", out / "_build" / ".jupyter_cache")
    if (ROOT / "node_modules").is_dir():
        shutil.copytree(ROOT / "node_modules", out / "node_modules", symlinks=True)
    venv = Path(sys.executable).parent.parent
    env = {**os.environ, "PYTHONPATH": str(out)}
    # The edition's own `make book`; -o: the venv is installed already (not for this tree).
    proc = subprocess.run(["make", "-C", str(out), "book", f"VENV={venv}", "-o", f"{venv}/.course-installed"],
                          env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail("`make book` failed in the student edition:\n" + proc.stdout[-6000:] + proc.stderr[-4000:])


@pytest.fixture(scope="session")
def built_edition(published) -> Path:
    """The test edition (a git repository) with its book built in ``_build/html``."""
    out = SHARED / "student-edition"
    stamp = SHARED / "run-id"
    with booksite.locked(".edition-test.lock"):
        if not stamp.is_file() or stamp.read_text() != RUN_ID:
            if SHARED.exists():
                shutil.rmtree(SHARED)
            SHARED.mkdir(parents=True)
            _build_edition(out, published)
            stamp.write_text(RUN_ID)
    return out


@pytest.fixture()
def edition(tmp_path, published) -> Path:
    """A freshly generated test edition (not built), private to the test."""
    out = tmp_path / "student-edition"
    student_edition.generate(out, published)
    return out
