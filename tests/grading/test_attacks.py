"""One adversarial submission per attack class, graded in ONE run of ``python -m course autograde``
(the instructors' command) beside honest students: no undeserved point, no other student's grade
changed, no secret in any file the run writes, a flag where the attack is detectable."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

sys.path.insert(0, str(Path(__file__).resolve().parent))

import attacks  # noqa: E402
import harness  # noqa: E402

pytestmark = pytest.mark.grading
BUDGET, MEMORY_MB = 25, 1200


def _with_cells(nb, after, cells, kind=new_code_cell):
    idx = next(i for i, c in enumerate(nb.cells) if harness.nbg(c).get("grade_id") == after)
    for offset, source in enumerate(cells, start=1):
        nb.cells.insert(idx + offset, kind(source))
    return nb


def _link_to(target):
    return lambda path: os.symlink(target, path)


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    course = harness.Course.create(tmp_path_factory.mktemp("attacks"), harness.FIXTURE / "solutions", "00-fixture")
    course.add("solution", course.source)
    bystander = course.filled()
    bystander.cells.append(new_code_cell(f"# {attacks.BYSTANDER_MARK}"))
    course.add("bystander", bystander)
    for name, code in attacks.ANSWERS.items():
        nb = course.filled({"relu": code})
        nb = _with_cells(nb, "relu", attacks.MARKDOWN_CELLS.get(name, []), new_markdown_cell)
        course.add(f"atk-{name}", nb)
    course.add("atk-budget", _with_cells(course.filled({"relu": f"def relu(z):\n    return {attacks.WRONG}\n"}),
                                         "relu", attacks.EXTRA_CELLS["budget"]))
    forged = course.filled({"relu": f"def relu(z):\n    return {attacks.WRONG}\n"})
    forged.metadata.update(attacks.FORGED_METADATA)
    for cell in forged.cells:
        meta = harness.nbg(cell)
        if meta.get("grade_id") == "test_relu":
            meta.update(points=100, checksum="0" * 32)
            cell.source = "pass"
    course.add("atk-metadata", forged)
    solution_file = course.source_path
    gradebook = course.root / "grading" / "gradebook.db"
    course.add("atk-link-notebook", None, {"00-fixture.ipynb": _link_to(gradebook)})
    course.add("atk-fifo-notebook", None, {"00-fixture.ipynb": lambda p: os.mkfifo(p)})
    course.add("atk-hardlink-notebook", None, {"00-fixture.ipynb": lambda p: os.link(solution_file, p)})
    course.add("atk-link-extras", course.filled({"relu": f"def relu(z):\n    return {attacks.WRONG}\n"}),
               {"timestamp.txt": _link_to(solution_file), "data.csv": _link_to(gradebook)})
    sentinel = subprocess.Popen(["sleep", "600"])  # a process of the grader's that the attacker may not touch
    try:
        results = course.grade(workers=2, extra=["--budget", str(BUDGET), "--memory", str(MEMORY_MB)],
                               env={attacks.SECRET_ENV: attacks.SECRET_VALUE})
        course.feedback_run = course.run("feedback", check=False)
        scores_right_after = dict(results.tests)
        time.sleep(6)  # what a process left behind would do, it would have done by now
        sentinel_alive = sentinel.poll() is None
    finally:
        sentinel.kill()
    return course, results, scores_right_after, sentinel_alive


def _files(course, student=None):
    base = course.root / "grading"
    paths = [p for p in base.rglob("*") if p.is_file() and not p.is_symlink()]
    if student:
        paths = [p for p in paths if student in p.parts or p.name.startswith(f"{student}__")]
    return paths


def test_honest_students_keep_their_grades(attacked):
    course, results, before, sentinel_alive = attacked
    for sid in ("solution", "bystander"):
        assert results.full_auto(sid), (sid, results.tests[sid])
        assert not results.flags.get(sid), results.flags.get(sid)
    assert sentinel_alive, "a submission killed a process of the grader's"


def test_no_attack_earns_the_wrong_answers_points(attacked):
    course, results, _, _ = attacked
    attackers = [s for s in results.tests if s.startswith("atk-")]
    assert len(attackers) == len(attacks.ANSWERS) + 6
    for sid in attackers:
        assert results.score(sid, "test_relu") == 0, (sid, results.tests[sid], results.message(sid, "test_relu"))


def test_nothing_read_back_changes_a_grade_later(attacked):
    course, results, before, _ = attacked
    after = harness.Results(course).tests
    assert after == before
    alive = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if b"attack-left-behind" in Path(f"/proc/{pid}/cmdline").read_bytes():
                alive.append(pid)
        except OSError:
            pass
    assert alive == [], "a process of a submission outlived its grading"


def test_the_kernel_saw_only_its_own_sandbox(attacked):
    course, results, _, _ = attacked
    escape = results.output_text("atk-escape")
    pids = json.loads(re.search(r"PIDS (\[[\d, ]*\])", escape).group(1))
    assert len(pids) <= 8 and max(pids) < 50, pids  # its own PID namespace
    assert "UID 0" not in escape
    found = results.output_text("atk-spy-files")
    assert "FOUND []" in found, found[:500]


def test_no_secret_in_any_file_the_run_wrote(attacked):
    course, results, _, _ = attacked
    for path in _files(course):
        data = path.read_bytes()
        assert attacks.SECRET_VALUE.encode() not in data, f"the grader's environment leaked into {path}"
    for sid in results.tests:
        if not sid.startswith("atk-"):
            continue
        if (course.root / "grading" / "autograded" / sid).exists():
            assert attacks.HIDDEN_TEXT not in results.output_text(sid), sid
        for path in _files(course, sid):
            text = path.read_bytes().decode("utf-8", "replace")
            assert attacks.BYSTANDER_MARK not in text, f"another student's work in {path}"
            if path.suffix == ".html":
                assert attacks.HIDDEN_TEXT not in text, f"a hidden test in {path}"
                assert attacks.SOLUTION_TEXT not in text, f"the model answer in {path}"
    spy = results.output_text("atk-spy-on-tests")
    assert "SPY" in spy and attacks.HIDDEN_TEXT not in spy and "expect.close(relu(z)" not in spy


def test_forged_outcomes_and_checks_count_for_nothing(attacked):
    course, results, _, _ = attacked
    assert "ValueError" in results.message("atk-forged-result", "test_relu")
    assert "could not connect to your notebook" in results.message("atk-fake-checks", "test_relu")
    assert "not available while assignment 00-fixture is graded" in results.message("atk-delegates", "test_relu")
    assert "changed its argument 1 in place" in results.message("atk-write-back", "test_relu")
    assert "could not read the answer" in results.message("atk-reply-bomb", "test_relu")


def test_links_and_special_files_are_never_followed(attacked):
    course, results, _, _ = attacked
    for sid in ("atk-link-notebook", "atk-fifo-notebook", "atk-hardlink-notebook"):
        assert results.auto_total(sid) == 0
        assert any("graded as missing" in f for f in results.flags.get(sid, [])), results.flags.get(sid)
    assert results.rows["atk-link-extras"]["status"] != "missing"
    with open(course.root / "grading" / "gradebook.db", "rb") as fh:
        assert fh.read(16) == b"SQLite format 3\x00"


def test_submitted_metadata_is_never_trusted(attacked):
    course, results, _, _ = attacked
    for name in ("flags.csv", "grades.csv"):
        assert "FORGED-FLAG" not in (course.root / "grading" / name).read_text()
    assert results.max("test_relu") == 2 and results.score("atk-metadata", "test_relu") == 0
    assert any("edited" in f for f in results.flags["atk-metadata"])


def test_feedback_withholds_only_the_page_with_markers(attacked):
    course, results, _, _ = attacked
    done = course.feedback_run
    assert done.returncode == 1 and "WITHHELD 1 page" in done.stderr, done.stderr[-1000:]
    upload = {p.name for p in (course.root / "grading" / "feedback" / "upload").iterdir()}
    assert "solution__00-fixture.html" in upload and "bystander__00-fixture.html" in upload
    assert "atk-print-markers__00-fixture.html" not in upload


@pytest.mark.parametrize("student", ["atk-html", "atk-md-output"])
def test_active_content_is_sanitized(attacked, student):
    course, results, _, _ = attacked
    paths = [p for p in _files(course, student) if p.suffix in (".html", ".ipynb") and "submitted" not in p.parts]
    assert any(p.suffix == ".html" for p in paths)
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":  # what a browser renders: markdown and outputs (code is shown as text)
            cells = json.loads(text)["cells"]
            text = json.dumps([c["source"] for c in cells if c["cell_type"] != "code"]
                              + [c.get("outputs", []) for c in cells]).replace('\\"', '"')
        assert not re.search(r"<img[^>]*onerror", text), path
        assert not re.search(r"<script[^>]*>[^<]*alert", text), path  # (the source, as text, may say alert)
        assert "application/javascript" not in text, path
        assert not re.search(r"href=\"javascript:", text) and "\\href{javascript" not in text, path
        assert not re.search(r"<svg[^>]*onload", text), path


def test_resource_abuse_is_stopped_and_flagged(attacked):
    course, results, _, _ = attacked
    flags = {sid: " ".join(results.flags.get(sid, [])) for sid in results.tests}
    assert "time budget" in flags["atk-budget"], flags["atk-budget"]
    assert "memory" in flags["atk-memory-children"], flags["atk-memory-children"]
    assert "processes" in flags["atk-many-processes"], flags["atk-many-processes"]
    disk = results.output_text("atk-disk")
    assert "stopped: /tmp/fill" in disk and "stopped: fill" in disk, disk[:300]  # file size or tmpfs limit
    assert "connection folder" in flags["atk-ipc-fill"], flags["atk-ipc-fill"]
    huge = course.root / "grading" / "autograded" / "atk-huge-line" / "00-fixture" / "00-fixture.ipynb"
    assert huge.stat().st_size < 2_000_000
    pages = list((course.root / "grading" / "feedback").rglob("*.html"))
    assert pages and max(p.stat().st_size for p in pages) < 5_000_000
