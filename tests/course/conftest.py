"""A small course root for the instructor tool's unit tests: two assignments and a two-student roster."""

import pytest

from course.paths import Course


@pytest.fixture
def course(tmp_path):
    for name in ("03-activations", "06-optimizers"):
        (tmp_path / "solutions" / name).mkdir(parents=True)
    (tmp_path / "grading").mkdir()
    (tmp_path / "grading" / "roster.csv").write_text("id,first_name,last_name,email\nkimminji,Minji,Kim,\nlee01,Jun,Lee,\n")
    return Course.at(tmp_path)
