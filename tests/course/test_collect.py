"""course collect: LMS file names, zips, bad input (no nbgrader run)."""

import zipfile

import pytest

from course.collect import collect


def test_collect_understands_lms_names(course, tmp_path):
    src = tmp_path / "download"
    src.mkdir()
    files = {
        "kimminji_12345_67890_03-activations.ipynb": "{}",          # Canvas
        "kimminji_late_12345_67891_06-optimizers.ipynb": "{}",      # Canvas, late
        "Jun Lee_lee01_assignsubmission_file_03-activations.ipynb": "{}",  # Moodle with id in the name
        "kimminji_12345_67890_numpy.py": "x = 1",                   # no assignment name: skipped
        "park/06-optimizers.ipynb": "{}",                           # folder per student
    }
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text)
    imported, skipped = collect(course, src)
    assert sorted(imported) == [("kimminji", "03-activations", "03-activations.ipynb"),
                                ("kimminji", "06-optimizers", "06-optimizers.ipynb"),
                                ("lee01", "03-activations", "03-activations.ipynb"),
                                ("park", "06-optimizers", "06-optimizers.ipynb")]
    assert skipped == ["kimminji_12345_67890_numpy.py"]
    assert (course.submitted / "lee01" / "03-activations" / "03-activations.ipynb").read_text() == "{}"


def test_collect_zip_and_forced_assignment(course, tmp_path):
    z = tmp_path / "subs.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("lee01_99_1_homework.ipynb", "{}")
        zf.writestr("lee01_99_1_numpy.py", "evil")
    imported, skipped = collect(course, z, forced="06-optimizers")
    assert sorted(imported) == [("lee01", "06-optimizers", "06-optimizers.ipynb"),
                                ("lee01", "06-optimizers", "numpy.py")]
    assert skipped == []


def test_collect_rejects_bad_input(course, tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        collect(course, tmp_path / "nope")
    (tmp_path / "x.txt").write_text("hi")
    with pytest.raises(ValueError, match="neither a folder nor a zip"):
        collect(course, tmp_path / "x.txt")
    with pytest.raises(ValueError, match="unknown assignment"):
        collect(course, tmp_path, forced="99-nope")
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../escape_03-activations.ipynb", "{}")
    with pytest.raises(ValueError, match="unsafe path"):
        collect(course, evil)
