"""course.report: failure rates among students who attempted a test, not-attempted apart, the most common
failure message per test, rostered students only, pending written points apart."""

import csv
import json

import pytest

from course import report

ASG = "03-activations"


def _notebook(course, student, errors):
    """An autograded notebook whose test cells failed with ``errors`` {test: (ename, evalue)}."""
    cells = [{"cell_type": "code", "metadata": {"nbgrader": {"grade_id": t, "grade": True}}, "source": "",
              "outputs": [{"output_type": "error", "ename": e, "evalue": v, "traceback": []}]}
             for t, (e, v) in errors.items()]
    folder = course.autograded / student / ASG
    folder.mkdir(parents=True)
    (folder / f"{ASG}.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                                      "nbformat_minor": 5}))


def _row(student, tests, status="graded", rostered=True, pending=0.0):
    """tests: {name: score} (code tests of 2 points) plus an optional written answer."""
    out = {name: (score, 2.0, "code", False) for name, score in tests.items()}
    out["written"] = (None if pending else 1.0, 1.0, "markdown", bool(pending))
    score = sum(tests.values()) + (0 if pending else 1.0)
    return {"student": student, "assignment": ASG, "max_score": 7.0, "tests": out, "rostered": rostered,
            "status": status, "score": float(score), "pending": pending, "reason": ""}


@pytest.fixture
def graded_class(course, monkeypatch):
    wrong_sign = ("AssertionError", "softmax rows should sum to 1, got 0.73")
    rows = [
        _row("a", {"test_softmax": 2.0, "test_relu": 2.0, "test_sigmoid": 2.0}),
        _row("b", {"test_softmax": 0.0, "test_relu": 2.0, "test_sigmoid": 2.0}),
        _row("c", {"test_softmax": 0.0, "test_relu": 0.0, "test_sigmoid": 2.0}, pending=1.0),
        _row("d", {"test_softmax": 0.0, "test_relu": 0.0, "test_sigmoid": 0.0}),  # blank: nothing attempted
        {**_row("e", {}), "status": "missing", "score": 0.0, "tests": {}},      # no submission
        _row("stranger", {"test_softmax": 0.0, "test_relu": 0.0, "test_sigmoid": 0.0}, rostered=False),
    ]
    _notebook(course, "b", {"test_softmax": wrong_sign})
    _notebook(course, "c", {"test_softmax": ("AssertionError", "softmax rows should sum to 1, got 1.52"),
                            "test_relu": ("AssertionError", "relu(z) should never be negative")})
    _notebook(course, "d", {t: ("NotImplementedError", "") for t in ("test_softmax", "test_relu", "test_sigmoid")})
    _notebook(course, "stranger", {"test_softmax": wrong_sign})
    monkeypatch.setattr(report, "score_rows", lambda c: rows)
    return course


def _csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_failure_rate_is_among_those_who_attempted_and_sorted(graded_class):
    files = report.report(graded_class)
    rows = _csv(graded_class.reports / "test-failures.csv")
    assert [r["test"] for r in rows] == ["test_softmax", "test_relu", "test_sigmoid"]
    softmax = rows[0]
    # a, b, c attempted (d left the stub, e submitted nothing, the stranger is not on the roster)
    assert (softmax["attempted"], softmax["failed"], softmax["not_attempted"], softmax["no_submission"]) == \
        ("3", "2", "1", "1")
    assert softmax["failure_rate"] == "0.667"
    assert softmax["top_message"] == "AssertionError: softmax rows should sum to #, got #"
    assert softmax["top_message_count"] == "2"
    assert rows[1]["failed"] == "1" and rows[1]["top_message"].startswith("AssertionError: relu(z)")
    assert rows[2]["failed"] == "0" and rows[2]["top_message"] == ""
    assert {p.name for p in files} >= {f"{ASG}-tests.png", f"{ASG}-scores.png", "scores.csv"}


def test_scores_keep_pending_written_points_and_strangers_apart(graded_class):
    report.report(graded_class)
    (row,) = _csv(graded_class.reports / "scores.csv")
    assert row["students"] == "5" and row["submitted"] == "4"
    assert row["pending_manual"] == "1" and row["pending_points"] == "1"
    # mean of the fully graded submissions only: a 7, b 5, d 1
    assert row["mean_graded"] == f"{(7 + 5 + 1) / 3:.2f}" and row["median_graded"] == "5.00"


def test_without_a_roster_everyone_counts(graded_class):
    rows = [dict(r, rostered=False) for r in report.score_rows(graded_class)]
    assert len(report.counted(rows)) == 6


@pytest.mark.parametrize("message, expected", [
    ("softmax rows should sum to 1, got 0.73", "softmax rows should sum to #, got #"),
    ("shape (3, 4) expected, got (4, 3)\nmore lines", "shape (#, #) expected, got (#, #)"),
    ("W1 has -1.5e-3 where 2 was expected", "W1 has # where # was expected"),
])
def test_messages_count_once_whatever_the_numbers(message, expected):
    assert report.normalise(message) == expected
