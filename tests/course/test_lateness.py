"""Lateness: due-dates.toml, the LMS's submission times in nbgrader's timestamp.txt, nbgrader's penalty step."""

from datetime import datetime

import pytest
from fixtures_lms.build import CANVAS, make_zip
from test_collect import lms_roster
from test_roster import run

from course.collect import collect
from course.lateness import late_text, load, penalty
from course.paths import COURSE_ID, REPO, Course

pytestmark = pytest.mark.filterwarnings("ignore:.*not in session")  # nbgrader's gradebook, harmless

DUE = """timezone = "Asia/Seoul"
[penalty]
per_day = 0.1
max = 0.5
grace_minutes = 10
[due]
"03-activations" = 2027-03-26T23:59:00
"""


def test_penalty_policy():
    day = 86400
    assert penalty(10, 0, 0.1) == 0
    assert penalty(10, 9 * 60, 0.1, grace_minutes=10) == 0          # inside the grace period
    assert penalty(10, 11 * 60, 0.1, grace_minutes=10) == 1.0       # a started day counts
    assert penalty(10, 2 * day + 1, 0.1) == 3.0
    assert penalty(10, 30 * day, 0.1, max_fraction=0.5) == 5.0
    assert late_text(34260) == "9 h 31 min late" and late_text(0) == ""


def test_the_committed_file_covers_every_assignment():
    settings = load(Course.at(REPO))
    assert sorted(settings["due"]) == Course.at(REPO).assignments()
    assert str(settings["timezone"]) == "Asia/Seoul"


def test_errors_name_the_file(course):
    path = course.root / "due-dates.toml"
    path.write_text('[due]\n"99-nope" = 2027-03-26T23:59:00\n')
    with pytest.raises(ValueError, match=r"due-dates.toml: \[due\] names '99-nope', which is not an assignment"):
        load(course)
    path.write_text('timezone = "Mars/Olympus"\n')
    with pytest.raises(ValueError, match="due-dates.toml: unknown timezone 'Mars/Olympus'"):
        load(course)
    path.write_text('[due]\n"03-activations" = 2027-13-26\n')
    with pytest.raises(ValueError, match=r"due-dates.toml: .*line 2"):
        load(course)


def test_nbgrader_computes_lateness_from_what_collect_wrote(course, tmp_path):
    """collect writes timestamp.txt and the due date; nbgrader's own code reads them and its
    AssignLatePenalties step gets our policy."""
    from course.nbconfig import apply
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import AssignLatePenalties
    from traitlets.config import Config

    lms_roster(course)
    (course.root / "due-dates.toml").write_text(DUE)
    collect(course, make_zip(tmp_path / "submissions.zip", CANVAS))
    coursedir = CourseDirectory(root=str(course.root))
    late = {}
    with Gradebook(course.db_url, COURSE_ID) as gb:
        assert gb.find_assignment("03-activations").duedate == datetime(2027, 3, 26, 14, 59)   # UTC
        assert gb.find_assignment("06-optimizers").duedate is None
        for sid in ("2024100001", "2024100002", "2024100003"):
            gb.update_or_create_student(sid)
            stamp = coursedir.get_existing_timestamp(str(course.submitted / sid / "03-activations"))
            late[sid] = gb.update_or_create_submission("03-activations", sid, timestamp=stamp).total_seconds_late
    assert late == {"2024100001": 34260.0, "2024100002": 0, "2024100003": 0}   # 09:30 the next day; 23:50; 20:00
    step = AssignLatePenalties(config=apply(Config(), course))
    step.init_plugin()
    assert type(step.plugin_inst).__name__ == "LatePenalty"
    assert step.plugin_inst.late_submission_penalty("2024100001", 10.0, late["2024100001"]) == 1.0
    assert step.plugin_inst.late_submission_penalty("2024100001", 10.0, 40 * 86400) == 5.0


def test_collect_reports_lateness_against_the_due_dates(course, tmp_path):
    lms_roster(course)
    (course.root / "due-dates.toml").write_text(DUE)
    code, out, err = run(course, "collect", str(make_zip(tmp_path / "submissions.zip", CANVAS)), "--allow-unplaced")
    assert code == 0, err
    late = [line for line in out.splitlines() if line.startswith("after the due date")]
    assert late == ["after the due date of due-dates.toml: 2024100001 (03-activations), 9 h 31 min late"]


def _tiny_source(path):
    """An nbgrader source notebook: one autograded test cell worth 10 points."""
    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    cell = nbformat.v4.new_code_cell("assert 1 + 1 == 2")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "task": False,
                                 "grade_id": "test_sum", "points": 10, "schema_version": 3}
    nb.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.mark.grading
@pytest.mark.slow
def test_nbgrader_autograde_takes_the_late_penalty(course, tmp_path):
    """The whole path on nbgrader's own Autograde (no sandbox, nbgrader's default steps): collect's
    timestamp.txt and due date, nbconfig.apply()'s policy, nbgrader's AssignLatePenalties."""
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from course.nbconfig import apply
    from course.release import generate

    _tiny_source(course.source / "03-activations" / "03-activations.ipynb")
    lms_roster(course)
    (course.root / "due-dates.toml").write_text(DUE)
    released = generate(course, "03-activations", tmp_path / "release", db_url=course.db_url)
    text = (released / "03-activations.ipynb").read_text()
    collect(course, make_zip(tmp_path / "s.zip", [
        ("kimminji_LATE_12345_1_03-activations.ipynb", (2027, 3, 27, 9, 30, 0), text),   # 9 h 31 min late
        ("김서연_12346_2_03-activations.ipynb", (2027, 3, 26, 23, 50, 0), text)]))       # on time
    c = apply(Config(), course)
    traits = Autograde.class_traits()
    c.Autograde.sanitize_preprocessors = traits["sanitize_preprocessors"].default()
    c.Autograde.autograde_preprocessors = traits["autograde_preprocessors"].default()
    for sid in ("2024100001", "2024100002"):
        coursedir = CourseDirectory(config=c)
        coursedir.assignment_id, coursedir.student_id = "03-activations", sid
        Autograde(coursedir=coursedir, config=c).start()
    with Gradebook(course.db_url, COURSE_ID) as gb:
        late = gb.find_submission("03-activations", "2024100001")
        ontime = gb.find_submission("03-activations", "2024100002")
        assert (late.score, late.total_seconds_late, late.late_submission_penalty) == (10.0, 34260.0, 1.0)
        assert (ontime.score, ontime.total_seconds_late, ontime.late_submission_penalty) == (10.0, 0, 0.0)
