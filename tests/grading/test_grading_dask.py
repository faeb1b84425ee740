"""Grading on Dask through the real CLI: a 2-worker LocalCluster, a worker killed mid-job, only what
changed graded again, manual grades kept across a re-grade.

A worker is killed with SIGKILL while it runs a submission's kernel (the sandbox launcher's parent is
the worker process): Dask runs that job again on a worker that lives (no grade lost), or, when the
cluster allows no failure, the submission is reported as not graded (never silently dropped).
"""

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

pytestmark = [pytest.mark.grading, pytest.mark.slow]

WRONG_RELU = "def relu(z):\n    return z\n"


def _class(root):
    course = harness.Course.create(root, harness.FIXTURE / "solutions", "00-fixture")
    course.add("solution", course.source)
    course.add("wrong", course.filled({"relu": WRONG_RELU}))
    course.add("blank", course.release)
    course.add("second", course.filled())
    for student, nb in course.students.items():
        folder = course.root / "grading" / "submitted" / student / "00-fixture"
        folder.mkdir(parents=True, exist_ok=True)
        harness.nbformat.write(nb, folder / "00-fixture.ipynb")
    return course


def _children(pid):
    """{child pid: its command line} of every live process whose parent is ``pid``."""
    out = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    out[int(entry)] = fh.read().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
    return out


def _grade_killing_a_worker(course, env=None):
    """Run ``course autograde --workers 2`` and SIGKILL the worker process that runs the first
    submission's kernel it sees. Returns (completed process, killed pid, that worker's kernel pids)."""
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
           **(env or {})}
    out, err = (open(course.root / name, "w+") for name in ("autograde.out", "autograde.err"))
    proc = subprocess.Popen([sys.executable, "-m", "course", "autograde", "--workers", "2", "--timeout", "10",
                             "--root", str(course.root)], cwd=harness.REPO, env=env, stdout=out, stderr=err, text=True)
    killed, orphans, deadline = None, [], time.monotonic() + 300
    while killed is None and proc.poll() is None and time.monotonic() < deadline:
        for worker in _children(proc.pid):  # the local cluster's worker processes
            kernels = [pid for pid, cmd in _children(worker).items() if "sandbox_launcher" in cmd]
            if kernels:
                os.kill(worker, signal.SIGKILL)
                killed, orphans = worker, kernels
                break
        time.sleep(0.05)
    proc.wait(timeout=900)
    texts = []
    for fh in (out, err):
        fh.seek(0)
        texts.append(fh.read())
        fh.close()
    return subprocess.CompletedProcess(proc.args, proc.returncode, *texts), killed, orphans


def _grades(course):
    course.run("export")
    with open(course.root / "grading" / "grades.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh)]
    assert len(rows) == len({(r["student"], r["assignment"]) for r in rows})
    return {r["student"]: r for r in rows}


def test_a_worker_killed_mid_job_loses_no_grade(tmp_path):
    course = _class(tmp_path / "course")
    done, killed, orphans = _grade_killing_a_worker(course)
    assert killed is not None, "no worker was seen grading"
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    # the killed worker's kernel (its sandbox's supervisor) did not outlive it
    assert not [pid for pid in orphans if os.path.exists(f"/proc/{pid}")], orphans
    assert "graded 4 of 4 submission(s)" in done.stdout and "local Dask cluster" in done.stdout
    grades = _grades(course)
    assert {s: float(r["score"]) for s, r in grades.items()} == {
        "solution": 4.0, "second": 4.0, "wrong": 2.0, "blank": 0.0}
    # the kernels' banners went to the workers' log, not to the command's output
    assert "connect another client" not in done.stdout
    results = harness.Results(course)
    assert results.full_auto("solution") and results.full_auto("second")
    assert "relu" in results.message("wrong", "test_relu") or results.message("wrong", "test_relu")


def test_a_job_whose_worker_dies_every_time_is_reported_not_lost(tmp_path):
    course = _class(tmp_path / "course")
    done, killed, _ = _grade_killing_a_worker(course, env={"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"})
    assert killed is not None, "no worker was seen grading"
    assert done.returncode == 1, done.stdout + done.stderr[-3000:]
    assert "NOT GRADED" in done.stderr and "KilledWorker" in done.stderr
    with open(course.root / "grading" / "not-graded.csv", newline="") as fh:
        lost = [r for r in csv.DictReader(fh)]
    assert len(lost) == 1 and "KilledWorker" in lost[0]["error"]
    grades = _grades(course)
    assert grades[lost[0]["student"]]["status"] == "not graded"
    assert sum(r["status"] != "not graded" for r in grades.values()) == 3
    # the next run grades what was not graded, and only that
    again = course.run("autograde", "--workers", "2", "--timeout", "10")
    assert "3 submission(s) unchanged" in again.stdout and "graded 1 of 1 submission(s)" in again.stdout


def test_only_what_changed_is_graded_and_manual_grades_stay_graded(tmp_path):
    from nbgrader.api import Gradebook

    course = _class(tmp_path / "course")
    course.run("autograde", "--workers", "2", "--timeout", "10")
    db = f"sqlite:///{course.root / 'grading' / 'gradebook.db'}"
    with Gradebook(db, "dl-fundamentals") as gb:  # the instructor grades the written answers (formgrader)
        written = [g for sub in gb.assignment_submissions("00-fixture") for nb in sub.notebooks
                   for g in nb.grades if g.auto_score is None]
        assert written and all(g.needs_manual_grade for g in written)
        for grade in written:
            grade.manual_score = 1.0
            grade.needs_manual_grade = False
        gb.db.commit()
    assert {r["status"] for r in _grades(course).values()} == {"graded"}
    unchanged = course.run("autograde", "--workers", "2", "--timeout", "10")
    assert "4 submission(s) unchanged" in unchanged.stdout and "nothing new to grade" in unchanged.stdout
    # "wrong" fixes its code and keeps its written answer; "second" rewrites its written answer
    folder = course.root / "grading" / "submitted"
    harness.nbformat.write(course.filled(), folder / "wrong" / "00-fixture" / "00-fixture.ipynb")
    second = course.filled()
    for cell in second.cells:
        if cell.cell_type == "markdown" and harness.nbg(cell).get("solution"):
            cell.source = "A different answer, written after the first grading."
    harness.nbformat.write(second, folder / "second" / "00-fixture" / "00-fixture.ipynb")
    regrade = course.run("autograde", "--workers", "2", "--timeout", "10")
    assert "2 submission(s) unchanged" in regrade.stdout and "graded 2 of 2 submission(s)" in regrade.stdout
    grades = _grades(course)
    assert float(grades["wrong"]["score"]) == 5.0 and grades["wrong"]["status"] == "graded"
    assert grades["solution"]["status"] == "graded" and float(grades["solution"]["score"]) == 5.0
    assert grades["second"]["status"] == "needs manual grading"  # a new answer goes back to review
    # feedback: "second"'s new written answer is pending, said so on its page; "solution"'s is graded
    course.run("feedback")
    pages = {s: (course.root / "grading" / "feedback" / "upload" / f"{s}__00-fixture.html").read_text()
             for s in ("second", "solution")}
    assert "point(s) of written answers are pending" in pages["second"] and "Pending:" in pages["second"]
    assert "pending" not in pages["solution"].lower()


def test_plain_nbgrader_autograde_refuses_to_run_student_code(tmp_path):
    """The formgrader's Autograde buttons run nbgrader's Autograde with nbgrader_config.py's settings:
    without the sandbox it stops before any cell runs and says what to use instead."""
    from course.autograde import prepare_gradebook
    from course.paths import Course

    course = _class(tmp_path / "course")
    prepare_gradebook(Course.at(course.root), ["00-fixture"])  # as the formgrader would find it
    (course.root / "nbgrader_config.py").write_text(
        "from course.nbconfig import apply\nfrom course.paths import Course\n"
        f"apply(get_config(), Course.at({str(course.root)!r}))\n")
    marker = tmp_path / "ran"
    nb = course.filled({"relu": f"open({str(marker)!r}, 'w').write('x')\ndef relu(z):\n    return z\n"})
    harness.nbformat.write(nb, course.root / "grading" / "submitted" / "solution" / "00-fixture" / "00-fixture.ipynb")
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
           "PYTHONPATH": str(harness.REPO)}
    done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", "00-fixture", "--student", "solution"],
                          cwd=course.root, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode != 0
    assert "turned off in this course" in done.stdout + done.stderr
    assert not marker.exists()


def test_a_late_submission_loses_the_due_dates_penalty_through_the_cli(tmp_path):
    # due-dates.toml -> the gradebook's due date and the jobs' penalty policy -> nbgrader's AssignLatePenalties
    course = harness.Course.create(tmp_path, harness.FIXTURE / "solutions", "00-fixture")
    (course.root / "due-dates.toml").write_text(
        'timezone = "UTC"\n[penalty]\nper_day = 0.25\nmax = 1.0\n[due]\n"00-fixture" = 2026-03-01T12:00:00\n')
    course.add("ontime", course.source, {"timestamp.txt": "2026-03-01T11:00:00+00:00"})
    course.add("late", course.source, {"timestamp.txt": "2026-03-02T13:00:00+00:00"})  # 2 started days late
    course.grade(workers=1)
    with open(course.root / "grading" / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = {r["student"]: r for r in csv.DictReader(fh)}
    assert float(rows["ontime"]["score"]) == float(rows["late"]["score"]) > 0
    assert float(rows["ontime"]["late_penalty"]) == 0
    assert float(rows["late"]["late_penalty"]) == 0.5 * float(rows["late"]["score"])
    assert float(rows["late"]["final_score"]) == 0.5 * float(rows["late"]["score"])


def _worker_settings(dask_worker):
    import dask

    return (dask.config.get("distributed.worker.profile.enabled"), os.environ.get("MALLOC_TRIM_THRESHOLD_"),
            sorted(dask_worker.periodic_callbacks))


def test_the_local_clusters_workers_run_without_the_profiler_and_the_nannys_environment():
    # Dask's stack profiler (every 10 ms, for a dashboard that is off) and the nanny's
    # MALLOC_TRIM_THRESHOLD_ cost a grading worker time (benchmarks/README.md: bench_grading).
    from course.cluster import Cluster

    cluster = Cluster(2).start()
    try:
        settings = cluster.client().run(_worker_settings)
    finally:
        cluster.close()
    assert len(settings) == 2
    for profile, trim, callbacks in settings.values():
        assert profile is False and trim is None
        assert "profile" not in callbacks and "heartbeat" in callbacks
