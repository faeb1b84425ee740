"""The leak scan over the student edition: clean on the real edition and its built book, and it
catches a planted leak of each kind (solution line, hidden test, model answer or rubric, wrong
and right catalogue answers, nbgrader marker), in any file type of the edition."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import leakcheck
import student_edition
ROOT = Path(__file__).resolve().parents[2]

SOLUTIONS = sorted((ROOT / "solutions").glob("*/*.ipynb"))
CATALOGUES = sorted((ROOT / "tests" / "catalogue").glob("a*.py"))


def _kind_lines(published: list[str], edition: Path) -> dict[str, list[str]]:
    """Secret lines of the real course, by kind (only lines the scan counts as secret)."""
    released = [ROOT / "exercises" / n / f"{n}.ipynb" for n in published]
    library = sorted((ROOT / "nnlib").rglob("*.py"))
    secret = leakcheck.secret_lines(SOLUTIONS, released, public_files=library)
    kinds: dict[str, list[str]] = {"solution": [], "hidden test": [], "model answer or rubric": []}
    for path in SOLUTIONS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if meta.get("solution") and cell["cell_type"] == "markdown":
                kind = "model answer or rubric"
            elif meta.get("solution"):
                kind = "solution"
            elif "### BEGIN HIDDEN TESTS" in text:
                kind = "hidden test"
                text = text.split("### BEGIN HIDDEN TESTS", 1)[1]
            else:
                continue
            kinds[kind] += [leakcheck.normalise(raw) for raw in text.splitlines()
                            if leakcheck.normalise(raw) in secret]
    public = leakcheck.public_text(released, [*library, *sorted((ROOT / "book").glob("*.md"))])
    for name in ("WRONG", "RIGHT"):
        kinds[f"catalogue {name.lower()} answer"] = [
            line for path in CATALOGUES
            for line in leakcheck.catalogue_lines([path], public)
            if any(line in leakcheck.normalise(a) for a in _answers(path, name))]
    return kinds


def _answers(path: Path, name: str) -> list[str]:
    import runpy
    entries = runpy.run_path(str(path))[name]
    return [e["code"] for e in entries if "code" in e] + [c for e in entries for c in e.get("cells", {}).values()]


@pytest.mark.slow
def test_real_edition_and_its_built_book_are_clean(built_edition, published):
    leaks = student_edition.scan(built_edition, built_edition / "_build" / "html", published)
    assert not leaks, "\n".join(leaks[:30])


# Where each kind is planted (never in nnlib, public by design): a Python module, a notebook cell, a page, the README, a file
# without a suffix (the Makefile) and a shell script: every file of the edition is read.
PLANTS = {
    "solution": "book/booktools.py",
    "hidden test": "exercises/{first}/{first}.ipynb",
    "model answer or rubric": "book/student-guide.md",
    "catalogue wrong answer": "README.md",
    "catalogue right answer": "Makefile",
}


@pytest.mark.parametrize("kind", [*PLANTS, "nbgrader marker"])
def test_scan_catches_a_planted_leak_of_each_kind(edition, published, kind):
    target = edition / PLANTS.get(kind, "binder/postBuild").format(first=published[0])
    if kind == "nbgrader marker":
        line = "### BEGIN HIDDEN TESTS"
    else:
        candidates = _kind_lines(published, edition)[kind]
        assert candidates, f"the course has no {kind} to plant"
        line = candidates[len(candidates) // 2]
    if target.suffix == ".ipynb":
        nb = json.loads(target.read_text(encoding="utf-8"))
        nb["cells"].append({"cell_type": "code", "source": line + "\n", "metadata": {}, "outputs": [],
                            "execution_count": None})
        target.write_text(json.dumps(nb), encoding="utf-8")
    else:
        target.write_text(target.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    leaks = student_edition.scan(edition, None, published)
    assert leaks and all(message.startswith(f"{target}:") for message in leaks), leaks
    assert any(repr(line) in message for message in leaks), leaks


def test_scan_reads_a_built_site_too(edition, published, tmp_path):
    site = tmp_path / "html"
    site.mkdir()
    (site / "page.html").write_text("<p>clean</p>")
    assert student_edition.scan(edition, site, published) == []
    (site / "page.html").write_text("<pre>=== BEGIN MARK SCHEME ===</pre>")
    assert student_edition.scan(edition, site, published) == [
        f"{site / 'page.html'}: nbgrader marker '=== BEGIN MARK SCHEME ==='"]


def test_catalogue_lines_and_markers_on_fixtures(tmp_path):
    catalogue = tmp_path / "a01_x.py"
    catalogue.write_text('WRONG = [{"code": "def f(z):\\n    try:\\n        return z * 0.123456789 + 42\\n'
                         '    except (ValueError, TypeError):\\n        raise\\n"}]\n'
                         'RIGHT = [{"cells": {"f": "def f(z):\\n    return np.add(z, 7.654321)\\n"}}]\n')
    lines = leakcheck.catalogue_lines([catalogue], public=leakcheck.normalise("def f(z):"))
    assert set(lines) == {"return z * 0.123456789 + 42", "return np.add(z, 7.654321)"}  # not `except ...:`
    assert leakcheck.catalogue_lines([catalogue], public="return np.add(z, 7.654321)").keys() == {
        "return z * 0.123456789 + 42"}  # a line students get anyway is not a leak
    empty = tmp_path / "a02_y.py"
    empty.write_text("WRONG = []\n")
    with pytest.raises(ValueError, match="no WRONG or RIGHT"):
        leakcheck.catalogue_answers(empty)
    (tmp_path / "notes").write_text("x\n### END SOLUTION\n")
    assert leakcheck.find_markers(tmp_path) == [("### END SOLUTION", tmp_path / "notes")]
