"""course.fingerprint: what makes ``course autograde`` grade a submission again."""

import os

import pytest

from course import fingerprint, paths
from course.paths import Course

OPTIONS = {"sandboxed": False, "timeout": 30}


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A grader's checkout with one module of each kind, and a course with two assignments."""
    root = tmp_path / "repo"
    for rel in ("course/judge.py", "course/report.py", "course/cluster.py", "coursecheck/checks.py",
                "nnlib/optim.py", "course/__pycache__/judge.cpython-311.pyc"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"# {rel}\n")
    monkeypatch.setattr(paths, "REPO", root)
    (tmp_path / "course").mkdir()
    course = Course.at(tmp_path / "course")
    for asg in ("01-a", "02-b"):
        (course.source / asg).mkdir(parents=True)
        (course.source / asg / f"{asg}.ipynb").write_text("{}")
    return root, course


def _prints(course, options=OPTIONS):
    return fingerprint.grader_fingerprints(course, ["01-a", "02-b"], options)


@pytest.mark.parametrize("rel", ["course/judge.py", "coursecheck/checks.py", "nnlib/optim.py"])
def test_the_code_that_decides_grades_is_in_every_assignments_fingerprint(repo, rel):
    root, course = repo
    before = _prints(course)
    (root / rel).write_text("# changed\n")
    after = _prints(course)
    assert after["01-a"] != before["01-a"] and after["02-b"] != before["02-b"]


@pytest.mark.parametrize("rel", ["course/report.py", "course/cluster.py", "course/__pycache__/judge.cpython-311.pyc"])
def test_the_steps_around_grading_are_not(repo, rel):
    root, course = repo
    before = _prints(course)
    (root / rel).write_text("# changed\n")
    assert _prints(course) == before


def test_an_assignments_source_and_the_options_change_only_what_they_concern(repo):
    _, course = repo
    before = _prints(course)
    (course.source / "01-a" / "01-a.ipynb").write_text('{"changed": 1}')
    after = _prints(course)
    assert after["01-a"] != before["01-a"] and after["02-b"] == before["02-b"]
    assert _prints(course, {**OPTIONS, "timeout": 60}) != after


def test_a_submissions_fingerprint_follows_its_bytes_names_and_links(repo, tmp_path):
    _, course = repo
    folder = course.submitted / "s1" / "01-a"
    folder.mkdir(parents=True)
    (folder / "01-a.ipynb").write_text("{}")
    first = fingerprint.submission_fingerprint(course, "s1", "01-a", "grader")
    assert fingerprint.submission_fingerprint(course, "s1", "01-a", "grader") == first
    assert fingerprint.submission_fingerprint(course, "s1", "01-a", "another grader") != first
    (folder / "01-a.ipynb").write_text("{ }")
    second = fingerprint.submission_fingerprint(course, "s1", "01-a", "grader")
    assert second != first
    (tmp_path / "elsewhere.txt").write_text("x")
    os.symlink(tmp_path / "elsewhere.txt", folder / "notes.txt")   # a link is part of it, never followed
    assert fingerprint.submission_fingerprint(course, "s1", "01-a", "grader") not in (first, second)


def test_an_unreadable_record_means_nothing_was_graded(repo):
    _, course = repo
    assert fingerprint.read(course) == {}
    course.grading.mkdir(parents=True)
    (course.grading / "graded.json").write_text("{not json")
    assert fingerprint.read(course) == {}
    (course.grading / "graded.json").write_text('{"s1/01-a": "abc"}')
    assert fingerprint.read(course) == {"s1/01-a": "abc"}
