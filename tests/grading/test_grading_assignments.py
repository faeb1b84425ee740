"""The proof harness over every assignment under solutions/ (found automatically).

For each assignment, ONE ``python -m course autograde`` run grades a whole class: the solution
notebook (full marks), the released notebook (0, runs to the end), every WRONG answer of its
catalogue tests/catalogue/aNN_name.py (loses the named tests, with a message naming the mistake),
every RIGHT answer (full marks) and the cheap cheats of adversaries.generic (no points, flagged).
The costly adversaries run once, on the fixture (test_grading_fixture.py).
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import checks  # noqa: E402
import harness  # noqa: E402

pytestmark = pytest.mark.grading
SOLUTIONS = harness.REPO / "solutions"
ASSIGNMENTS = sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir()) if SOLUTIONS.is_dir() else []
CATALOGUES = harness.catalogues()


def test_every_assignment_has_a_catalogue():
    missing = [a for a in ASSIGNMENTS if a not in CATALOGUES]
    assert missing == [], f"no tests/catalogue/aNN_name.py for {missing}"


def test_catalogues_follow_the_format():
    for name, cat in CATALOGUES.items():
        assert name in ASSIGNMENTS, f"catalogue for unknown assignment {name}"
        for entry in cat.WRONG:
            assert {"name", "fails", "says"} <= set(entry) and ("cell" in entry or "cells" in entry), entry.get("name")
            assert entry["fails"], entry["name"]
        for entry in cat.RIGHT:
            assert "name" in entry and ("cell" in entry or "cells" in entry), entry.get("name")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_assignment_is_proven(assignment, tmp_path):
    slow = int(assignment[:2]) >= 5
    course = harness.Course.create(tmp_path, SOLUTIONS, assignment,
                                   timeout=harness.SLOW_TIMEOUT if slow else harness.HARNESS_TIMEOUT)
    catalogue = CATALOGUES[assignment]
    functions = {c.metadata["nbgrader"]["grade_id"] for c in harness.answer_cells(course.source)}
    for fn in sorted(functions):
        n = sum(fn in (e.get("cells") or {e.get("cell"): 1}) for e in catalogue.WRONG)
        assert n >= 3, f"{assignment}: only {n} wrong answers for {fn} (at least 3 per graded function)"
    expect = checks.add_class(course, catalogue)
    results = course.grade(workers=2)
    assert checks.check_class(results, expect) == []
