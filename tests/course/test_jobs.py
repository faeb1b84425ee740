"""course.jobs: what a grading job carries, and what it leaves out."""

import os
import sqlite3

import nbformat
import pytest
from nbgrader.api import Gradebook

from course.jobs import jobs_gradebook, released_data, submission_files
from course.paths import COURSE_ID, Course
from course.speedups import fast_new_gradebooks

ASG = "01-a"


@pytest.fixture
def course(tmp_path):
    (tmp_path / "course").mkdir()
    course = Course.at(tmp_path / "course")
    (course.release / ASG / "data").mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), course.release / ASG / f"{ASG}.ipynb")
    (course.release / ASG / "data" / "points.csv").write_text("x,y\n1,2\n")
    (course.submitted / "s1" / ASG).mkdir(parents=True)
    return course


def _submit(course, name, data):
    path = course.submitted / "s1" / ASG / name
    path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data)
    return path


def test_the_released_notebook_and_the_timestamp_are_carried(course):
    notebook = nbformat.writes(nbformat.v4.new_notebook())
    _submit(course, f"{ASG}.ipynb", notebook)
    _submit(course, "timestamp.txt", "2026-11-30 10:00:00 UTC")
    flags = []
    files = submission_files(course, "s1", ASG, flags)
    assert files == {f"{ASG}.ipynb": notebook.encode(), "timestamp.txt": b"2026-11-30 10:00:00 UTC"}
    assert flags == []


def test_a_file_the_release_does_not_have_is_dropped_and_flagged(course):
    _submit(course, f"{ASG}.ipynb", nbformat.writes(nbformat.v4.new_notebook()))
    _submit(course, "numpy.py", "def array(*a): return 'forged'")   # would shadow numpy in the kernel
    flags = []
    files = submission_files(course, "s1", ASG, flags)
    assert set(files) == {f"{ASG}.ipynb"}
    assert flags == [("s1", ASG, "file not in the release removed before grading: numpy.py")]


@pytest.mark.parametrize("how, flag", [
    ("invalid", "01-a.ipynb is not a valid notebook (NotJSONError); graded as missing"),
    ("link", "01-a.ipynb is a link; graded as missing"),
    ("absent", "01-a.ipynb missing from the submission (graded 0)"),
])
def test_a_notebook_that_cannot_be_graded_leaves_nothing_to_run(course, tmp_path, how, flag):
    if how == "invalid":
        _submit(course, f"{ASG}.ipynb", "{not a notebook")
    elif how == "link":
        target = tmp_path / "elsewhere.ipynb"
        nbformat.write(nbformat.v4.new_notebook(), target)
        os.symlink(target, course.submitted / "s1" / ASG / f"{ASG}.ipynb")
    flags = []
    assert submission_files(course, "s1", ASG, flags) == {}
    assert [f for _, _, f in flags] == [flag]


def test_the_jobs_gradebook_holds_the_assignments_but_no_student(course, tmp_path):
    course.grading.mkdir(parents=True, exist_ok=True)
    fast_new_gradebooks()   # as course autograde does: a new gradebook without alembic's command
    with Gradebook(course.db_url, COURSE_ID) as gb:
        gb.add_assignment(ASG)
        gb.add_student("s1", first_name="Minji", last_name="Kim", email="minji@example.org")
    data = jobs_gradebook(course, tmp_path)
    copy = tmp_path / "copy.db"
    copy.write_bytes(data)
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT name FROM assignment").fetchall() == [(ASG,)]
        assert db.execute("SELECT COUNT(*) FROM student").fetchone() == (0,)
    assert b"minji@example.org" not in data and b"Minji" not in data


def test_released_data_are_the_releases_other_files(course):
    assert released_data(course, [ASG]) == {ASG: {"data/points.csv": b"x,y\n1,2\n"}}
