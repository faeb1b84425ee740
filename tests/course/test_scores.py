"""course.scores and course.merge: a status that stays true.

Re-grading (``course.merge.record`` of a new automatic result) keeps a manual grade and its "graded"
status when the student's answer is unchanged, sends a changed answer back to review, and the
score rows say how many points are still pending."""

import json

import pytest
from nbgrader.api import Gradebook

from course.merge import record
from course.paths import COURSE_ID
from course.scores import score_rows
from course.speedups import fast_new_gradebooks

ASG = "03-activations"


@pytest.fixture
def gradebook(course):
    fast_new_gradebooks()  # no `alembic` subprocess
    with Gradebook(course.db_url, COURSE_ID) as gb:
        gb.add_assignment(ASG)
        gb.add_notebook(ASG, ASG)
        gb.add_grade_cell("test_relu", ASG, ASG, max_score=2, cell_type="code")
        gb.add_grade_cell("written", ASG, ASG, max_score=1, cell_type="markdown")
        gb.add_solution_cell("written", ASG, ASG)
        gb.add_source_cell("written", ASG, ASG, cell_type="markdown", source="", checksum="")
    return course


def _files(answer):
    cells = [{"cell_type": "code", "metadata": {"nbgrader": {"grade_id": "test_relu"}}, "source": "assert ...",
              "outputs": []},
             {"cell_type": "markdown", "metadata": {"nbgrader": {"grade_id": "written"}}, "source": answer}]
    return {f"{ASG}.ipynb": json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()}


def _scores(relu):
    return {"timestamp": None, "notebooks": [{
        "name": ASG, "late_submission_penalty": None, "grades": [{"name": "test_relu", "auto_score": relu, "needs_manual_grade": False},
                                {"name": "written", "auto_score": None, "needs_manual_grade": True}],
        "comments": []}]}


def _grade(course, answer, relu=2.0):
    with Gradebook(course.db_url, COURSE_ID) as gb:
        record(gb, course, "kimminji", ASG, _scores(relu), _files(answer))


def _manual(course, score):
    with Gradebook(course.db_url, COURSE_ID) as gb:  # as the formgrader does
        grade = gb.find_grade("written", ASG, ASG, "kimminji")
        grade.manual_score, grade.needs_manual_grade = score, False
        gb.db.commit()


def _row(course):
    return next(r for r in score_rows(course) if r["student"] == "kimminji")


def test_written_answers_pending_until_graded(gradebook):
    _grade(gradebook, "ReLU does not saturate.")
    row = _row(gradebook)
    assert row["status"] == "needs manual grading" and row["pending"] == 1.0 and row["score"] == 2.0
    _manual(gradebook, 1.0)
    row = _row(gradebook)
    assert row["status"] == "graded" and row["pending"] == 0.0 and row["score"] == 3.0


def test_regrading_keeps_a_manual_grade_of_the_same_answer_graded(gradebook):
    _grade(gradebook, "ReLU does not saturate.", relu=0.0)
    _manual(gradebook, 1.0)
    _grade(gradebook, "ReLU does not saturate.", relu=2.0)  # the test was fixed; the answer is the same
    row = _row(gradebook)
    assert row["status"] == "graded" and row["score"] == 3.0 and row["pending"] == 0.0


def test_a_changed_answer_goes_back_to_review_with_its_earlier_score(gradebook):
    _grade(gradebook, "ReLU does not saturate.")
    _manual(gradebook, 1.0)
    _grade(gradebook, "Because its slope is 1 for z > 0.")
    row = _row(gradebook)
    assert row["status"] == "needs manual grading" and row["score"] == 3.0 and row["pending"] == 1.0


def test_students_without_a_submission_are_missing(gradebook):
    rows = {r["student"]: r for r in score_rows(gradebook)}
    assert rows["lee01"]["status"] == "missing" and rows["lee01"]["score"] == 0.0 and rows["lee01"]["rostered"]
