"""No solution, hidden test or mark scheme from solutions/ may appear anywhere in the built site.

The detector (tests/book/leakcheck.py) is first proved on planted fixtures: it must find a line
that leaked into highlighted HTML, into a downloadable notebook and into a _sources text file,
and must stay silent on a clean site and on lines that the student release shows anyway.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from leakcheck import find_leaks, normalise, secret_lines, secret_regions

ROOT = Path(__file__).resolve().parents[2]
PLANTED = "leaked_value = np.tanh(z) * 0.8734213 + offset_q"
PUBLIC = "def softmax(z, axis=-1):"


def _nb(cells: list[dict]) -> dict:
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _code(source: str, **nbgrader) -> dict:
    meta = {"nbgrader": nbgrader} if nbgrader else {}
    return {"cell_type": "code", "source": source, "metadata": meta, "outputs": [],
            "execution_count": None}


@pytest.fixture()
def course(tmp_path: Path) -> dict[str, Path]:
    """A one-assignment course: source notebook, release, and a clean built site."""
    solution = _nb([
        _code(f"{PUBLIC}\n    ### BEGIN SOLUTION\n    {PLANTED}\n    return leaked_value\n"
              "    ### END SOLUTION\n", solution=True, grade=False, grade_id="softmax"),
        _code("expect.true(True, 'ok')\n### BEGIN HIDDEN TESTS\n"
              "expect.close(softmax(np.zeros(3)), np.full(3, 1 / 3), 'hidden_check_uniform_rows')\n"
              "### END HIDDEN TESTS\n", grade=True, grade_id="test_softmax", points=1),
        {"cell_type": "markdown", "source": "A rubric without markers: full marks for mentioning saturation.",
         "metadata": {"nbgrader": {"solution": True, "grade": True, "grade_id": "written_x"}}},
    ])
    release = _nb([_code(f"{PUBLIC}\n    # YOUR CODE HERE\n    raise NotImplementedError()\n")])
    paths = {"solution": tmp_path / "sol.ipynb", "release": tmp_path / "rel.ipynb",
             "site": tmp_path / "html"}
    paths["solution"].write_text(json.dumps(solution))
    paths["release"].write_text(json.dumps(release))
    (paths["site"] / "_sources").mkdir(parents=True)
    (paths["site"] / "page.html").write_text(
        '<div class="highlight"><pre><span></span><span class="k">def</span> '
        '<span class="nf">softmax</span><span class="p">(</span>z, axis<span class="o">=-</span>'
        '<span class="mi">1</span><span class="p">):</span></pre></div>')
    return paths


def test_secret_regions_cover_solution_hidden_tests_and_unmarked_solution_cells(course):
    regions = secret_regions(json.loads(course["solution"].read_text()))
    text = "\n".join(regions)
    assert PLANTED in text
    assert "hidden_check_uniform_rows" in text
    assert "mentioning saturation" in text
    assert "expect.true(True, 'ok')" not in text  # visible test: public


def test_public_and_trivial_lines_are_not_secret(course):
    lines = secret_lines([course["solution"]], [course["release"]])
    assert normalise(PLANTED) in lines
    assert normalise(PUBLIC) not in lines
    assert "return leaked_value" in lines  # 19 characters: distinctive
    assert all(len(line) >= 16 and not line.startswith("#") for line in lines)


def test_clean_fixture_site_has_no_leak(course):
    lines = secret_lines([course["solution"]], [course["release"]])
    assert find_leaks(course["site"], lines) == []


@pytest.mark.parametrize("where", ["html", "ipynb", "sources"])
def test_detector_finds_a_planted_leak(course, where):
    site = course["site"]
    if where == "html":  # highlighted code: tokens split by tags, quotes as entities
        target = site / "leaky.html"
        target.write_text('<pre><span class="n">leaked_value</span> <span class="o">=</span> '
                          'np.tanh(z) <span class="o">*</span> 0.8734213 + offset_q</pre>')
    elif where == "ipynb":  # a downloadable notebook: JSON-escaped source
        target = site / "_sources" / "page.ipynb"
        target.write_text(json.dumps(_nb([_code("x = 1\n" + PLANTED + "\n")])))
    else:
        target = site / "_sources" / "page.md"
        target.write_text("Some text\n\n```python\n" + PLANTED + "\n```\n")
    lines = secret_lines([course["solution"]], [course["release"]])
    leaks = find_leaks(site, lines)
    assert [(line, path) for line, _, path in leaks] == [(normalise(PLANTED), target)]


def test_bad_input_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="notebook"):
        secret_regions({"not": "a notebook"})
    with pytest.raises(ValueError, match="min_len"):
        secret_lines([], [], min_len=0)
    with pytest.raises(FileNotFoundError, match="no built site"):
        find_leaks(tmp_path / "missing", {})


def test_built_book_leaks_no_solution(site):
    solutions = sorted((ROOT / "solutions").glob("*/*.ipynb"))
    released = sorted((ROOT / "exercises").glob("*/*.ipynb"))
    lines = secret_lines(solutions, released)
    assert not solutions or lines, "solution notebooks exist but no secret line was extracted"
    leaks = find_leaks(site, lines)
    report = "\n".join(f"  {path.relative_to(site)}: {line!r} (from {origin.relative_to(ROOT)})"
                       for line, origin, path in leaks[:40])
    assert not leaks, f"{len(leaks)} instructor-only line(s) found in the built book:\n{report}"


def test_a_line_given_away_by_another_release_is_public(course, tmp_path):
    other = tmp_path / "other_release.ipynb"  # a later assignment hands out the same code
    other.write_text(json.dumps(_nb([_code(f"def helper(z):\n    {PLANTED}  # given\n")])))
    assert normalise(PLANTED) in secret_lines([course["solution"]], [course["release"]])
    assert normalise(PLANTED) not in secret_lines([course["solution"]], [course["release"], other])
