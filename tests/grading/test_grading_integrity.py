"""The small preprocessors of course.integrity, on hand-made cells (no kernel)."""

import sys
from pathlib import Path

from nbformat.v4 import new_code_cell, new_output

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from course.integrity import HideHiddenTests, WarningsAreNotErrors  # noqa: E402
from nbgrader.utils import determine_grade  # noqa: E402


def _test_cell(source, outputs):
    cell = new_code_cell(source, metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "test_f",
                                                        "points": 2, "locked": True, "schema_version": 3}})
    cell.outputs = outputs
    return cell


def test_warnings_in_a_test_cell_keep_the_points():
    warn = new_output("stream", name="stderr", text="RuntimeWarning: overflow encountered in exp\n")
    cell = _test_cell("expect.close(f(1), 2, 'm')", [warn])
    assert determine_grade(cell) == (0, 2.0)  # nbgrader 0.9 alone: any stderr output scores 0
    cell, _ = WarningsAreNotErrors().preprocess_cell(cell, {}, 0)
    assert determine_grade(cell) == (2.0, 2.0)
    assert cell.outputs[0].text.startswith("RuntimeWarning")  # still shown to the student


def test_errors_still_score_zero():
    err = new_output("error", ename="AssertionError", evalue="rows should sum to 1", traceback=["..."])
    cell, _ = WarningsAreNotErrors().preprocess_cell(_test_cell("x", [err]), {}, 0)
    assert determine_grade(cell) == (0, 2.0)


def test_hidden_tests_and_their_tracebacks_are_hidden():
    source = ("out = f(1)\n### BEGIN HIDDEN TESTS\nexpect.close(f(3), 0.1234567, 'f is wrong for large inputs')\n"
              "### END HIDDEN TESTS\n")
    tb = ["Traceback", "----> 3 expect.close(f(3), 0.1234567, 'f is wrong for large inputs')", "AssertionError"]
    err = new_output("error", ename="AssertionError", evalue="f is wrong for large inputs", traceback=tb)
    cell, _ = HideHiddenTests().preprocess_cell(_test_cell(source, [err]), {}, 0)
    assert "0.1234567" not in cell.source and "hidden tests: not shown" in cell.source
    assert cell.source.startswith("out = f(1)\n")
    assert cell.outputs[0].traceback == ["AssertionError: f is wrong for large inputs"]
    assert determine_grade(cell) == (0, 2.0)
