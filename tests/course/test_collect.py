"""course collect: every file placed under one rostered student or listed with the reason (no grading run)."""

import zipfile
from datetime import datetime, timezone

import pytest
from fixtures_lms.build import (
    CANVAS,
    FIXTURES,
    MOODLE,
    damaged_member,
    make_zip,
    notebook,
    truncated,
)
from test_roster import run

from course.collect import collect
from course.roster import parse_roster, write_roster


def lms_roster(course, name="canvas-gradebook.csv"):
    """The roster from an LMS export, and the LMS's time zone (the times in its zips are Seoul's)."""
    write_roster(course, parse_roster(FIXTURES / name)[0])
    (course.root / "due-dates.toml").write_text('timezone = "Asia/Seoul"\n')


def placed(course):
    """{(student, assignment): sorted file names} under grading/submitted/."""
    return {(p.parent.parent.name, p.parent.name): sorted(f.name for f in p.parent.iterdir())
            for p in course.submitted.glob("*/*/*")}


def by_status(entries):
    return {e.rel: (e.status, e.student, e.reason) for e in entries}


def test_plain_names_and_folders(course, tmp_path):
    src = tmp_path / "download"
    files = {
        "kimminji_03-activations.ipynb": "{}",
        "lee01/06-optimizers.ipynb": "{}",
        "kimminji_12345_67890_numpy.py": "x = 1",   # no assignment name: beside kimminji's one assignment
        "lee01_notes.txt": "?",                     # lee01 submitted several: no way to tell which
        "park/06-optimizers.ipynb": "{}",           # not on the roster: not graded as an invented id
        "__MACOSX/._kimminji_03-activations.ipynb": "junk",
    }
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text)
    (src / "lee01" / "03-activations.ipynb").write_text("{}")
    entries, _ = collect(course, src)
    status = by_status(entries)
    assert placed(course) == {("kimminji", "03-activations"): ["03-activations.ipynb", "numpy.py", "timestamp.txt"],
                              ("lee01", "03-activations"): ["03-activations.ipynb", "timestamp.txt"],
                              ("lee01", "06-optimizers"): ["06-optimizers.ipynb", "timestamp.txt"]}
    assert status["lee01_notes.txt"] == ("not placed", "lee01", "no assignment name in its path (pass --assignment NAME)")
    assert status["park/06-optimizers.ipynb"] == ("not placed", "", "'park' is not on the roster")
    assert status["__MACOSX/._kimminji_03-activations.ipynb"][0] == "ignored"


def test_canvas_zip_through_the_cli(course, tmp_path):
    lms_roster(course)
    z = make_zip(tmp_path / "submissions.zip", CANVAS)
    code, out, err = run(course, "collect", str(z))
    assert code == 1, out + err
    assert "2 file(s) not placed" in err and len(err.strip().splitlines()) == 1
    assert "leedaeho_99999_67894_03-activations.ipynb: Canvas user 99999 (leedaeho) is not on the roster" in out
    assert "junghoon_12349_67895_activations_homework.ipynb: no assignment name in its path" in out
    got = placed(course)
    assert set(got) == {("2024100001", "03-activations"), ("2024100002", "03-activations"),
                        ("2024100003", "03-activations")}   # rostered ids only: 김서연 is 2024100002
    assert got["2024100003", "03-activations"] == ["03-activations.ipynb", "helpers.py", "timestamp.txt"]
    kim = course.submitted / "2024100001" / "03-activations"
    assert "kim late newest" in (kim / "03-activations.ipynb").read_text()   # newest by the LMS's time
    assert (kim / "timestamp.txt").read_text().strip() == "2027-03-27T00:30:00+00:00"   # 09:30 in Seoul
    assert "superseded: 2 file(s)" in out and "marked late by the LMS: 2024100001 (03-activations)" in out
    runs = list((course.grading / "collect").iterdir())
    kept = sorted(p.name for p in runs[0].glob("superseded/2024100001/03-activations/*"))
    assert kept == ["kimminji_12345_67890_03-activations.ipynb", "kimminji_LATE_12345_67950_03-activations.ipynb"]
    assert (runs[0] / "not-placed" / "leedaeho_99999_67894_03-activations.ipynb").exists()
    log = (runs[0] / "log.csv").read_text(encoding="utf-8")
    assert log.count("\n") == len(CANVAS) + 1
    code, out, err = run(course, "collect", str(z), "--allow-unplaced")
    assert code == 0 and err == ""


def test_names_alone_when_the_roster_has_no_canvas_ids(course, tmp_path):
    lms_roster(course, "moodle-gradebook.csv")
    entries, _ = collect(course, make_zip(tmp_path / "submissions.zip", CANVAS[:5]))
    assert {e.student for e in entries if e.status == "placed"} == {"2024100001", "2024100002", "2024100003"}


def test_moodle_folder_per_student(course, tmp_path):
    lms_roster(course, "moodle-gradebook.csv")
    z = make_zip(tmp_path / "DL101-03-activations-8123.zip", MOODLE)  # Moodle names the zip after the assignment
    entries, _ = collect(course, z)
    status = by_status(entries)
    assert placed(course) == {
        ("2024100001", "03-activations"): ["03-activations.ipynb", "timestamp.txt"],
        ("2024100002", "03-activations"): ["03-activations.ipynb", "timestamp.txt"],
        ("2024100003", "03-activations"): ["03-activations.ipynb", "notes.txt", "timestamp.txt"]}
    lee = status["Daeho Lee_509_assignsubmission_file_/03-activations.ipynb"]
    assert lee == ("not placed", "", "'Daeho Lee' is not on the roster")


def test_damaged_zips_give_one_line(course, tmp_path):
    lms_roster(course)
    bad = truncated(tmp_path / "submissions.zip", CANVAS)
    code, out, err = run(course, "collect", str(bad))
    assert code == 2 and out == ""
    assert err.strip() == f"error: {bad}: not a readable zip file (truncated or damaged download?); download it again"
    bad = damaged_member(tmp_path / "one-bad.zip", CANVAS[3:5])
    code, out, err = run(course, "collect", str(bad))
    assert code == 1 and "Traceback" not in out + err
    assert "김서연_12346_67891_03-activations.ipynb: damaged in the zip" in out
    assert set(placed(course)) == {("2024100003", "03-activations")}


def test_steps_in_the_wrong_order(course, tmp_path):
    course.roster.unlink()
    z = make_zip(tmp_path / "submissions.zip", CANVAS[:1])
    code, out, err = run(course, "collect", str(z))
    assert code == 2 and out == "" and err.startswith("error: collect needs the roster first: import it with")
    assert not course.submitted.exists()
    code, _out, err = run(course, "export")
    assert code == 2 and "run `python -m course autograde` before `export`" in err


def test_recollect_replaces_and_stale_folders_are_moved_aside(course, tmp_path):
    lms_roster(course)
    stale = course.submitted / "KimMinji_501_assignsubmission_file_" / "03-activations"
    stale.mkdir(parents=True)
    (stale / "03-activations.ipynb").write_text("{}")
    first = [("kimminji_12345_1_03-activations.ipynb", (2027, 3, 25, 9, 0, 0), notebook("v1")),
             ("kimminji_12345_2_scratch.py", (2027, 3, 25, 9, 0, 0), "old")]
    entries, _ = collect(course, make_zip(tmp_path / "a.zip", first))
    moved = [e for e in entries if e.rel == "grading/submitted/KimMinji_501_assignsubmission_file_"]
    assert moved and "moved to" in moved[0].reason
    assert placed(course) == {("2024100001", "03-activations"):
                              ["03-activations.ipynb", "scratch.py", "timestamp.txt"]}
    second = [("kimminji_12345_3_03-activations.ipynb", (2027, 3, 26, 9, 0, 0), notebook("v2"))]
    collect(course, make_zip(tmp_path / "b.zip", second))
    assert placed(course) == {("2024100001", "03-activations"): ["03-activations.ipynb", "timestamp.txt"]}
    assert "v2" in (course.submitted / "2024100001" / "03-activations" / "03-activations.ipynb").read_text()


def test_no_empty_or_path_like_ids(course, tmp_path):
    lms_roster(course)
    odd = [("_55555_1_03-activations.ipynb", (2027, 3, 25, 9, 0, 0), "{}"),      # no name, unknown user
           ("이대호_55556_2_03-activations.ipynb", (2027, 3, 25, 9, 0, 0), "{}"),  # Korean-only, not rostered
           ("..hidden_12345_3_03-activations.ipynb", (2027, 3, 25, 9, 0, 0), "{}"),
           ("kimminji_12345_4_timestamp.txt", (2027, 3, 25, 9, 0, 0), "2020-01-01 00:00:00")]  # a forged time
    entries, _ = collect(course, make_zip(tmp_path / "s.zip", odd))
    assert [e.status for e in entries] == ["not placed", "not placed", "placed", "not placed"]
    assert entries[3].reason == "unusable file name 'timestamp.txt'"
    stamp = course.submitted / "2024100001" / "03-activations" / "timestamp.txt"
    assert stamp.read_text().strip() == "2027-03-25T00:00:00+00:00"
    assert [p.name for p in course.submitted.iterdir()] == ["2024100001"]
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../escape_03-activations.ipynb", "{}")
    with pytest.raises(ValueError, match="unsafe path in zip: ../escape"):
        collect(course, evil)


def test_rejects_bad_input(course, tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        collect(course, tmp_path / "nope")
    (tmp_path / "x.txt").write_text("hi")
    with pytest.raises(ValueError, match="neither a folder nor a zip"):
        collect(course, tmp_path / "x.txt")
    with pytest.raises(ValueError, match="unknown assignment"):
        collect(course, tmp_path, forced="99-nope")


def test_forced_assignment(course, tmp_path):
    z = tmp_path / "subs.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("lee01_99_1_homework.ipynb", "{}")
        zf.writestr("lee01_99_1_numpy.py", "evil")
    _entries, _ = collect(course, z, forced="06-optimizers")
    assert placed(course) == {("lee01", "06-optimizers"): ["06-optimizers.ipynb", "numpy.py", "timestamp.txt"]}
    when = datetime.fromisoformat((course.submitted / "lee01/06-optimizers/timestamp.txt").read_text().strip())
    assert when.tzinfo is not None and when <= datetime.now(timezone.utc)


def test_zip_names_stored_in_cp949(course, tmp_path):
    """A zip made by a Korean Windows tool stores names in CP949 without the UTF-8 flag."""
    lms_roster(course)
    name = "김서연_12346_1_03-activations.ipynb"
    raw = name.encode("cp949")
    placeholder = "x" * (len(raw) - len(name.encode("ascii", "ignore"))) + name.encode("ascii", "ignore").decode()
    z = make_zip(tmp_path / "s.zip", [(placeholder, (2027, 3, 25, 9, 0, 0), notebook("cp949"))])
    z.write_bytes(z.read_bytes().replace(placeholder.encode(), raw))
    with zipfile.ZipFile(z) as zf:
        assert not zf.infolist()[0].flag_bits & 0x800 and zf.namelist() != [name]
    entries, _ = collect(course, z)
    assert [(e.rel, e.status, e.student) for e in entries] == [(name, "placed", "2024100002")]


def test_downloads_inside_a_wrapper_folder(course, tmp_path):
    """An unpacked download in a folder of its own: Canvas names and Moodle folders still found."""
    lms_roster(course)
    canvas = [(f"submissions/{name}", when, text) for name, when, text in CANVAS[:6]]
    canvas.append(("submissions/parkjiho_12347_67899_layer-2.py", (2027, 3, 26, 20, 0, 0), "y = 2\n"))
    entries, _ = collect(course, make_zip(tmp_path / "a.zip", canvas))
    assert {(e.student, e.target) for e in entries if e.status == "placed"} == {
        ("2024100001", "03-activations.ipynb"), ("2024100002", "03-activations.ipynb"),
        ("2024100003", "03-activations.ipynb"), ("2024100003", "helpers.py"), ("2024100003", "layer-2.py")}
    write_roster(course, parse_roster(FIXTURES / "moodle-gradebook.csv")[0])
    moodle = [(f"DL101-03-activations-8123/{name}", when, text) for name, when, text in MOODLE]
    entries, _ = collect(course, make_zip(tmp_path / "b.zip", moodle))
    assert {e.student for e in entries if e.status == "placed"} == {"2024100001", "2024100002", "2024100003"}
    assert {e.kind for e in entries if e.status == "placed"} == {"Moodle"}
