"""course export: grades.csv with names, ids and lateness; Canvas and Moodle import files (no grading run)."""

import csv
from datetime import datetime

import pytest
from fixtures_lms.build import FIXTURES
from test_roster import run

from course.lmstable import read_table
from course.paths import COURSE_ID
from course.roster import merge, parse_roster, write_roster

pytestmark = pytest.mark.filterwarnings("ignore:.*not in session")  # nbgrader's gradebook, harmless


@pytest.fixture
def graded(course):
    """A gradebook as autograde leaves it: 03-activations (10 points) due 2027-03-26 14:59 UTC; Minji
    scored 8 but 9 h 31 min late (nbgrader's penalty 0.8), 서연 scored 10 on time, Jiho a non-roster
    submitter, the rest submitted nothing."""
    from nbgrader.api import Gradebook

    from course.speedups import fast_new_gradebooks

    canvas, _, _ = parse_roster(FIXTURES / "canvas-gradebook.csv")
    moodle, _, _ = parse_roster(FIXTURES / "moodle-gradebook.csv")
    write_roster(course, merge(canvas, [r for r in moodle if r["id"] != "yuna.choi@example.ac.kr"]))
    fast_new_gradebooks()
    with Gradebook(course.db_url, COURSE_ID) as gb:
        gb.add_assignment("03-activations", duedate=datetime(2027, 3, 26, 14, 59))
        gb.add_notebook("03-activations", "03-activations")
        gb.add_grade_cell("test_relu", "03-activations", "03-activations", max_score=10, cell_type="code")
        for sid, stamp, score, pen in [("2024100001", datetime(2027, 3, 27, 0, 30), 8, 0.8),
                                       ("2024100002", datetime(2027, 3, 26, 14, 50), 10, None),
                                       ("guest", datetime(2027, 3, 26, 10, 0), 5, None)]:
            gb.update_or_create_student(sid)
            gb.add_submission("03-activations", sid, timestamp=stamp)
            gb.find_grade("test_relu", "03-activations", "03-activations", sid).auto_score = score
            gb.find_submission_notebook("03-activations", "03-activations", sid).late_submission_penalty = pen
        gb.db.commit()
    return course


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_grades_csv_has_names_ids_and_lateness(graded):
    code, out, err = run(graded, "export")
    assert code == 0, err
    assert "wrote 6 rows (3 missing submissions scored 0, 1 late)" in out
    rows = {r["student"]: r for r in rows_of(graded.grading / "grades.csv")}
    kim = rows["2024100001"]
    assert (kim["name"], kim["email"], kim["lms_id"], kim["rostered"]) == ("Minji Kim", "minji.kim@example.ac.kr",
                                                                           "12345", "yes")
    assert (kim["score"], kim["late"], kim["late_penalty"], kim["final_score"]) == ("8.0", "9 h 31 min late",
                                                                                    "0.8", "7.2")
    assert kim["submitted_at"] == "2027-03-27T00:30:00Z"
    assert rows["2024100002"]["name"] == "김서연" and rows["2024100002"]["late"] == ""
    assert rows["2024100004"]["status"] == "missing" and rows["2024100004"]["name"] == "Yuna Choi"
    assert rows["guest"]["rostered"] == "no"


def test_canvas_and_moodle_import_files(graded):
    code, _out, err = run(graded, "export")
    assert code == 0, err
    header, body, _ = read_table(graded.grading / "canvas-import.csv")
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "03-activations"]
    assert body[0][1][0] == "Points Possible" and body[0][1][-1] == "10"
    canvas = {cells[1]: cells for _, cells in body[1:]}
    assert canvas["12345"] == ["Kim, Minji", "12345", "2024100001", "minji.kim", "DL101-01", "7.2"]
    assert canvas["12346"][0] == "김, 서연" and canvas["12346"][-1] == "10"   # Moodle's first/last names merged in
    assert "guest" not in {c[2] for c in canvas.values()}     # not on the roster: not sent to the LMS
    header, body, _ = read_table(graded.grading / "moodle-import.csv")
    assert header[:4] == ["ID number", "Email address", "First name", "Last name"]
    moodle = {cells[0]: cells for _, cells in body}
    assert moodle["2024100001"][-1] == "7.2" and moodle["2024100004"][-1] == "0"


def test_the_lms_own_exports_filled_in(graded, tmp_path):
    semi = tmp_path / "moodle;export.csv"
    text = (FIXTURES / "moodle-gradebook.csv").read_text(encoding="utf-8").replace(",", ";")
    semi.write_bytes(text.encode("cp949"))
    code, out, err = run(graded, "export", "--canvas", str(FIXTURES / "canvas-gradebook.csv"), "--moodle", str(semi))
    assert code == 0, err
    assert "canvas-import.csv (5 of 5 rostered students)" in out
    assert "moodle-import.csv (4 of 5 rostered students)" in out
    assert "not in the Moodle file (no matching ID / ID number / email), left as exported: 2024100004" in out
    header, body, _ = read_table(graded.grading / "canvas-import.csv")
    original, obody, _ = read_table(FIXTURES / "canvas-gradebook.csv")
    assert header == original and len(body) == len(obody)   # Canvas's own file: every row and column kept
    col = header.index("03-activations (48213)")
    cells = {c[1]: c for _, c in body}
    assert cells["12345"][col] == "7.2" and cells["12346"][col] == "10" and cells["12399"][col] == ""
    assert body[0][1][col] == "10.00"                        # the Points Possible row as exported
    assert cells["12345"][header.index("06-optimizers (48214)")] == ""   # not in the gradebook: untouched
    header, body, dialect = read_table(graded.grading / "moodle-import.csv")
    assert dialect["delimiter"] == ";"
    col = header.index("Assignment: 03-activations (Real)")
    by_mail = {c[5]: c[col] for _, c in body}
    assert by_mail["minji.kim@example.ac.kr"] == "7.2" and by_mail["hoon.jung@example.ac.kr"] == "0"
    assert by_mail["yuna.choi@example.ac.kr"] == "-"   # no ID number in Moodle, no email in the roster


def test_an_export_without_the_assignment_column_is_refused(graded, tmp_path):
    bad = tmp_path / "canvas.csv"
    bad.write_text("Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1\n\"Kim, Minji\",12345,,,,3\n")
    code, _out, err = run(graded, "export", "--canvas", str(bad))
    assert code == 2 and "canvas.csv: line 1: no column is named for an assignment (03-activations)" in err


def test_moodle_grading_worksheet_filled_in(graded):
    code, out, err = run(graded, "export", "--moodle", str(FIXTURES / "moodle-worksheet-03-activations.csv"))
    assert code == 0, err
    assert "moodle-import.csv (4 of 5 rostered students)" in out
    header, body, _ = read_table(graded.grading / "moodle-import.csv")
    grade = {c[0]: c[header.index("Grade")] for _, c in body}
    assert grade == {"Participant 501": "7.2", "Participant 502": "10", "Participant 503": "0", "Participant 505": "0"}
