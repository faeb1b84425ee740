"""course.feedback: written answers not graded yet are marked as pending, not shown as a bare 0."""

import nbformat
from traitlets.config import Config

from course import feedback
from course.nbconfig import apply


def _nb():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("def relu(z): ...", metadata={"nbgrader": {"grade_id": "relu", "solution": True}}),
                nbformat.v4.new_markdown_cell("My answer.", metadata={"nbgrader": {
                    "grade_id": "written_relu", "solution": True, "grade": True, "points": 2}}),
                nbformat.v4.new_markdown_cell("Another.", metadata={"nbgrader": {
                    "grade_id": "written_mse", "solution": True, "grade": True, "points": 1, "comment": "Good start."}})]
    return nb


def test_pending_answers_are_said_to_be_pending():
    nb = feedback._mark_pending(_nb(), {"written_relu": 2.0, "written_mse": 1.0})
    assert nb.cells[0].cell_type == "markdown" and "3 point(s) of written answers are pending" in nb.cells[0].source
    relu, mse = nb.cells[2].metadata.nbgrader, nb.cells[3].metadata.nbgrader
    assert relu["comment"].startswith("**Pending:**")
    assert mse["comment"].startswith("**Pending:**") and mse["comment"].endswith("Good start.")  # kept
    assert "comment" not in nb.cells[1].metadata.nbgrader


def test_nothing_pending_changes_nothing():
    nb = _nb()
    before = [(c.source, dict(c.metadata.nbgrader)) for c in nb.cells]
    assert [(c.source, dict(c.metadata.nbgrader)) for c in feedback._mark_pending(nb, {}).cells] == before


def test_feedback_marks_pending_after_reading_the_grades():
    steps = apply(Config()).GenerateFeedback.preprocessors
    assert steps.index("course.feedback.MarkPending") == steps.index("nbgrader.preprocessors.GetGrades") + 1
