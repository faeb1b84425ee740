"""course roster and the course root: validation with clear errors (no nbgrader run)."""

import pytest

from course.paths import Course
from course.roster import read_roster


def test_roster_validation(course):
    assert [r["id"] for r in read_roster(course)] == ["kimminji", "lee01"]
    course.roster.write_text("id\nkim\nkim\n")
    with pytest.raises(ValueError, match="duplicated student ids: kim"):
        read_roster(course)
    course.roster.write_text("name\nkim\n")
    with pytest.raises(ValueError, match="needs an 'id' column"):
        read_roster(course)
    course.roster.write_text("id\nkim min\n")
    with pytest.raises(ValueError, match="must be letters"):
        read_roster(course)


def test_course_root_must_exist(tmp_path):
    with pytest.raises(ValueError, match="not a directory"):
        Course.at(tmp_path / "missing")
