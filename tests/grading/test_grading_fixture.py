"""The proof harness on the small fixture assignment (tests/grading/fixture): every check of the
issue, including the costly adversaries (endless loops, kernel exits, memory, sandbox escapes)."""

import csv
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import adversaries  # noqa: E402
import checks  # noqa: E402
import harness  # noqa: E402

pytestmark = pytest.mark.grading


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = harness.Course.create(tmp_path_factory.mktemp("fixture-course"), harness.FIXTURE / "solutions",
                                   "00-fixture", timeout=harness.HARNESS_TIMEOUT)
    catalogue = harness.load_catalogue(harness.FIXTURE / "a00_fixture.py")
    expect = checks.add_class(course, catalogue)
    heavy = adversaries.heavy(course, other_student="solution")
    for name, (nb, files, must_flag) in heavy.items():
        course.add(f"heavy-{name}", nb, files)
    (course.root / "grading").mkdir(exist_ok=True)
    (course.root / "grading" / "roster.csv").write_text("id,first_name,last_name,email\nsolution,,,\nabsent,,,\n")
    results = course.grade(workers=2)
    return course, results, expect, heavy


def test_catalogue_and_generic_cheats(graded):
    course, results, expect, _ = graded
    assert checks.check_class(results, expect) == []


def test_heavy_adversaries_get_nothing_and_are_flagged(graded):
    course, results, _, heavy = graded
    solution_total = results.auto_total("solution")
    assert solution_total == 4.0  # relu 2 + mse 2, by the fixture's construction
    for name, (_, _, must_flag) in heavy.items():
        sid = f"heavy-{name}"
        assert sid in results.tests, f"{sid} vanished"
        assert results.auto_total(sid) <= solution_total
        if must_flag:
            assert results.flags.get(sid), f"{sid} not flagged"
    for name in ("invalid-json", "missing-notebook", "ignores-sigint", "os-exit"):
        assert results.auto_total(f"heavy-{name}") < solution_total, name
    # the spy could read or write nothing outside its own folder, and had no network
    spy = results.output_text("heavy-spy")
    assert "LEAK" not in spy and spy.count("BLOCKED") == 8
    # huge output was cut, huge memory failed inside the kernel, the run went on
    assert results.full_auto("heavy-huge-output") and results.full_auto("heavy-huge-memory")
    assert "MemoryError" in results.output_text("heavy-huge-memory")


def test_every_rostered_student_is_exported(graded):
    _, results, _, _ = graded
    assert results.rows["absent"]["status"] == "missing" and float(results.rows["absent"]["score"]) == 0.0
    assert results.rows["absent"]["reason"] == "no submission"
    assert "not a valid notebook" in results.rows["heavy-invalid-json"]["reason"]
    assert float(results.rows["heavy-missing-notebook"]["score"]) == 0.0


def test_warnings_do_not_zero_a_test(graded):
    _, results, expect, _ = graded
    sid = next(s for s, w in expect.items() if isinstance(w, tuple) and w[1].get("name") == "relu-warns")
    assert results.full_auto(sid)
    assert "harmless warning" in results.output_text(sid)


def test_feedback_hides_hidden_tests(graded):
    course, results, _, _ = graded
    course.run("feedback")
    pages = sorted((course.root / "grading" / "feedback").glob("*/00-fixture/*.html"))
    graded_students = {p.parent.parent.name for p in (course.root / "grading" / "autograded").glob("*/00-fixture/*.ipynb")}
    assert {p.parent.parent.name for p in pages} == graded_students
    assert len(graded_students) == len(results.tests) - 2  # invalid JSON and missing notebook: nothing to show
    hidden = ["np.linspace(-3, 3, 7)", "np.array([1.0, 3.0])", "BEGIN HIDDEN TESTS"]
    for page in pages:
        text = page.read_text()
        assert not any(h in text for h in hidden), page
    wrong = (course.root / "grading" / "feedback" / "wrong03" / "00-fixture" / "00-fixture.html").read_text()
    assert "sum instead of average" in wrong  # the student still sees why a hidden test failed
    # offline math, and one flat folder of pages named by student for an LMS's bulk upload
    assert "cdnjs" not in wrong and "../../_static/mathjax/tex-chtml-full.js" in wrong
    assert (course.root / "grading" / "feedback" / "_static" / "mathjax" / "tex-chtml-full.js").is_file()
    upload = course.root / "grading" / "feedback" / "upload"
    assert sorted(p.name for p in upload.iterdir()) == sorted(f"{s}__00-fixture.html" for s in graded_students)
    assert "../_static/mathjax/tex-chtml-full.js" in (upload / "wrong03__00-fixture.html").read_text()


def test_report_lists_failure_rates(graded):
    course, results, _, _ = graded
    course.run("report")
    reports = course.root / "grading" / "reports"
    with open(reports / "test-failures.csv", newline="", encoding="utf-8") as fh:
        by_test = {row["test"]: row for row in csv.DictReader(fh)}
    # only rostered students count: 'solution' (graded) and 'absent' (nothing submitted)
    for test in ("test_relu", "test_mse"):
        row = by_test[test]
        counts = tuple(int(row[k]) for k in ("attempted", "failed", "not_attempted", "no_submission"))
        assert counts == (1, int(results.score("solution", test) < 2), 0, 1), row
    assert (reports / "00-fixture-scores.png").stat().st_size > 1000
    assert (reports / "00-fixture-tests.png").stat().st_size > 1000
