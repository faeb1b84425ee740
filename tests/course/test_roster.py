"""course roster: LMS exports as they come (Canvas, Moodle; encodings, separators), merging, dropping."""

import subprocess
import sys
from pathlib import Path

import pytest
from fixtures_lms.build import FIXTURES, reencode

from course.paths import REPO, Course
from course.roster import merge, parse_roster, read_roster


def run(course, *args):
    """The real CLI: (exit code, stdout, stderr)."""
    proc = subprocess.run([sys.executable, "-m", "course", *args, "--root", str(course.root)],
                          check=False, capture_output=True, text=True, cwd=REPO)
    return proc.returncode, proc.stdout, proc.stderr


def test_roster_validation(course):
    assert [r["id"] for r in read_roster(course)] == ["kimminji", "lee01"]
    course.roster.write_text("id\nkim\nkim\n")
    with pytest.raises(ValueError, match=r"roster.csv: line 3, column 1 \('id'\): student id 'kim' again \(first on line 2\)"):
        read_roster(course)
    course.roster.write_text("name\nkim\n")
    with pytest.raises(ValueError, match=r"roster.csv: line 1: no student id column; found columns: 'name'"):
        read_roster(course)
    course.roster.write_text("email,id\nk@x,kim min\n")
    with pytest.raises(ValueError, match=r"line 2, column 2 \('id'\): the student id 'kim min' is not a valid id"):
        read_roster(course)
    course.roster.write_text("id,email\n../etc,k@x\n")
    with pytest.raises(ValueError, match="is not a valid id"):
        read_roster(course)
    course.roster.write_text("id,email\n,k@x\n")
    with pytest.raises(ValueError, match=r"line 2, column 1 \('id'\): the student id is empty"):
        read_roster(course)


def test_canvas_gradebook_export_as_it_comes(tmp_path):
    rows, kind, skipped = parse_roster(FIXTURES / "canvas-gradebook.csv")
    assert kind.startswith("Canvas")
    assert [r["id"] for r in rows] == ["2024100001", "2024100002", "2024100003", "2024100004", "2024100005"]
    kim, seoyeon = rows[0], rows[1]
    assert (kim["first_name"], kim["last_name"], kim["lms_id"], kim["login"], kim["section"]) == (
        "Minji", "Kim", "12345", "minji.kim", "DL101-01")
    assert seoyeon["last_name"] == "김서연" and seoyeon["first_name"] == ""   # a Korean name is kept whole
    assert [line for line, _ in skipped] == [2, 8]
    newer = FIXTURES.parent / "fixtures_lms" / "canvas-gradebook.csv"
    lines = newer.read_text(encoding="utf-8").splitlines()   # newer Canvas: a "Manual Posting" row too
    (tmp_path / "new.csv").write_text("\n".join(lines[:1] + ['    Manual Posting,,,,,Manual Posting,,,,,,,'] + lines[1:]))
    assert [r["id"] for r in parse_roster(tmp_path / "new.csv")[0]] == [r["id"] for r in rows]
    assert "Points Possible" in skipped[0][1] and "test student" in skipped[1][1]


def test_moodle_gradebook_and_participants():
    rows, kind, _ = parse_roster(FIXTURES / "moodle-gradebook.csv")
    assert kind.startswith("Moodle")
    ids = [r["id"] for r in rows]
    assert ids == ["2024100001", "2024100002", "2024100003", "yuna.choi@example.ac.kr", "2024100005"]
    assert rows[1]["first_name"] == "서연" and rows[1]["email"] == "seoyeon.kim@example.ac.kr"
    rows, kind, _ = parse_roster(FIXTURES / "moodle-participants-ko.csv")
    assert "';'-separated" in kind
    assert next((r["id"], r["first_name"], r["last_name"]) for r in rows) == ("2024100001", "민지", "김")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949", "euc-kr", "utf-16", "utf-16-le"])
def test_encodings_are_detected(tmp_path, encoding):
    for name in ("canvas-gradebook.csv", "moodle-participants-ko.csv"):
        path = reencode(name, tmp_path / name, encoding)
        rows, kind, _ = parse_roster(path)
        assert {r["last_name"] for r in rows} & {"김서연", "김"}, (encoding, kind)


def test_unreadable_bytes_name_file_line_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("id,first_name\nkim,민지\n".encode() + b"lee,\xff\xfe\xff\n")
    with pytest.raises(ValueError, match=r"bad.csv: line 3, column 5 \(character\): the text is not UTF-8 or CP949"):
        parse_roster(path)


def test_merge_never_blanks_and_cli_imports_merges_drops(course, tmp_path):
    assert merge([{"id": "a", "first_name": "Minji", "email": "m@x"}], [{"id": "a", "first_name": "", "email": "n@x"}]) \
        == [{"id": "a", "first_name": "Minji", "email": "n@x"}]
    course.roster.unlink()
    code, out, err = run(course, "roster", str(reencode("canvas-gradebook.csv", tmp_path / "c.csv", "cp949")))
    assert code == 0, err
    assert "5 new" in out and "skipped line 2" in out and "skipped line 8" in out
    # Moodle adds emails to the same students (same ids) without blanking Canvas's ids and sections
    code, out, err = run(course, "roster", str(FIXTURES / "moodle-participants-ko.csv"))
    assert code == 0, err
    assert "0 new, 3 updated" in out
    kim = next(r for r in read_roster(course) if r["id"] == "2024100001")
    assert (kim["email"], kim["lms_id"], kim["section"], kim["first_name"]) == (
        "minji.kim@example.ac.kr", "12345", "DL101-01", "민지")
    code, out, err = run(course, "roster", "--drop", "2024100004")
    assert code == 0 and "dropped 2024100004" in out
    assert "2024100004" not in {r["id"] for r in read_roster(course)}
    code, out, err = run(course, "roster", "--drop", "nobody")
    assert code == 2 and err.strip() == "error: not on the roster: nobody (see `python -m course roster`)"
    code, out, err = run(course, "roster")
    assert "김민지" in out and out.strip().endswith("4 students")


def test_cli_errors_are_one_line(course, tmp_path):
    bad = tmp_path / "semi.csv"
    bad.write_text("student number|name\n1|kim\n")
    code, _out, err = run(course, "roster", str(bad))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "semi.csv: line 1: no student id column (only one column was found" in err


def test_course_root_must_exist(tmp_path):
    with pytest.raises(ValueError, match="not a directory"):
        Course.at(tmp_path / "missing")


def test_fixture_folder_is_here():
    assert (Path(__file__).parent / "fixtures_lms" / "canvas-gradebook.csv").exists()


def test_names_reach_the_gradebook_the_formgrader_shows(course):
    from nbgrader.api import Gradebook

    from course.paths import COURSE_ID
    from course.speedups import fast_new_gradebooks

    fast_new_gradebooks()
    with Gradebook(course.db_url, COURSE_ID) as gb:
        gb.update_or_create_student("2024100002")
    code, _out, err = run(course, "roster", str(FIXTURES / "moodle-gradebook.csv"))
    assert code == 0, err
    with Gradebook(course.db_url, COURSE_ID) as gb:
        student = gb.find_student("2024100002")
        assert (student.first_name, student.last_name, student.email) == ("서연", "김", "seoyeon.kim@example.ac.kr")
