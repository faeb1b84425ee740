"""The sandbox's isolation when the grader is root and when it is not, and what happens when it cannot
start: a clear error and a non-zero exit, never a grade."""

import csv
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import attacks  # noqa: E402
import harness  # noqa: E402
from course.paths import Course as CourseRoot  # noqa: E402
from course.sandbox_launcher import _closed_ancestor  # noqa: E402
from course.selftest import self_test  # noqa: E402

pytestmark = pytest.mark.grading
USER = 4242  # an unprivileged uid no account uses


def _honest_and_attackers(root):
    course = harness.Course.create(root, harness.FIXTURE / "solutions", "00-fixture")
    course.add("solution", course.source)
    for name in ("escape", "spy-files", "env"):
        course.add(f"atk-{name}", course.filled({"relu": attacks.ANSWERS[name]}))
    return course


def _check_contained(course, results):
    assert results.full_auto("solution"), results.tests["solution"]
    for sid in ("atk-escape", "atk-spy-files", "atk-env"):
        assert results.score(sid, "test_relu") == 0, (sid, results.tests[sid])
    escape = results.output_text("atk-escape")
    pids = json.loads(re.search(r"PIDS (\[[\d, ]*\])", escape).group(1))
    assert len(pids) <= 8 and max(pids) < 50, pids
    assert "UID 65534" in escape
    assert "FOUND []" in results.output_text("atk-spy-files")
    for path in (course.root / "grading").rglob("*"):
        if path.is_file():
            assert attacks.SECRET_VALUE.encode() not in path.read_bytes(), path


def test_isolation_when_the_grader_is_this_user(tmp_path):
    """As whoever runs the tests (root on CI and on the course's machines)."""
    probe = self_test(CourseRoot.at(), tmp_path / "selftest")
    assert probe["uid"] == 65534 and not probe["net"] and probe["sees"] == [] and len(probe["pids"]) <= 8
    assert not any(k.startswith(("COURSE_", "JPY_")) for k in probe["env"]), probe["env"]
    course = _honest_and_attackers(tmp_path / "course")
    results = course.grade(workers=2, env={attacks.SECRET_ENV: attacks.SECRET_VALUE})
    _check_contained(course, results)


def _as_unprivileged(cmd, home):
    """``cmd`` run as uid USER. As root: a bubblewrap that opens the closed folders on the way to the
    Python installation (e.g. /root) for other users, then setpriv; otherwise: as we are."""
    if os.geteuid() != 0:
        return cmd
    needed = {sys.base_prefix, sys.prefix, str(harness.REPO), str(home)}
    outer = ["bwrap", "--dev-bind", "/", "/", "--die-with-parent"]
    for top in sorted({_closed_ancestor(p) for p in needed} - {None}):
        outer += ["--perms", "0755", "--tmpfs", top]
        for path in sorted(p for p in needed if p.startswith(top + os.sep)):
            folder = top
            for part in Path(path).parent.relative_to(top).parts:
                folder = os.path.join(folder, part)
                outer += ["--perms", "0755", "--dir", folder]
            outer += ["--bind", path, path]
    return outer + ["--", "setpriv", f"--reuid={USER}", f"--regid={USER}", "--clear-groups", "--"] + cmd


def test_isolation_when_the_grader_is_not_root():
    home = Path(tempfile.mkdtemp(prefix="course-unprivileged-"))
    try:
        course = _honest_and_attackers(home / "course")
        for student, nb in course.students.items():
            folder = course.root / "grading" / "submitted" / student / "00-fixture"
            folder.mkdir(parents=True, exist_ok=True)
            harness.nbformat.write(nb, folder / "00-fixture.ipynb")
        if os.geteuid() == 0:
            for path in [home, *home.rglob("*")]:
                os.chown(path, USER, USER, follow_symlinks=False)
            os.chmod(home, 0o755)
        env = dict(os.environ, HOME=str(home), MPLCONFIGDIR=str(home / ".mpl"),
                   PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
                   **{attacks.SECRET_ENV: attacks.SECRET_VALUE})
        cmd = [sys.executable, "-m", "course", "autograde", "--workers", "2", "--timeout", "10",
               "--root", str(course.root)]
        done = subprocess.run(_as_unprivileged(cmd, home), cwd=harness.REPO, env=env, capture_output=True,
                              text=True, timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr[-3000:]
        course.run("export")
        results = harness.Results(course)
        _check_contained(course, results)
        owners = {p.stat().st_uid for p in (course.root / "grading").rglob("*")}
        assert owners <= {USER, os.geteuid()} if os.geteuid() == 0 else True
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _fake_bwrap(real_calls):
    """A ``bwrap`` that passes the first ``real_calls`` calls to the real one, then fails as Ubuntu
    24.04's AppArmor rule makes it fail. (In a folder the sandbox's own uid may read, too.)"""
    folder = Path(tempfile.mkdtemp(prefix="course-fake-bwrap-"))
    counter = folder / "calls"
    counter.write_text("0")
    os.chmod(folder, 0o777)
    os.chmod(counter, 0o666)
    script = folder / "bwrap"
    script.write_text(f"""#!/bin/sh
n=$(cat {counter}); echo $((n + 1)) > {counter}
if [ "$n" -lt {real_calls} ]; then exec {shutil.which('bwrap')} "$@"; fi
echo "bwrap: setting up uid map: Permission denied" >&2
exit 1
""")
    script.chmod(script.stat().st_mode | stat.S_IEXEC | stat.S_IXOTH | stat.S_IXGRP)
    return folder


def _grades(course):
    with open(course.root / "grading" / "grades.csv", newline="") as fh:
        return {(r["student"], r["assignment"]): (r["score"], r["status"]) for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def graded_once(tmp_path_factory):
    course = harness.Course.create(tmp_path_factory.mktemp("failing"), harness.FIXTURE / "solutions", "00-fixture")
    course.add("solution", course.source)
    course.add("wrong", course.filled({"relu": f"def relu(z):\n    return {attacks.WRONG}\n"}))
    course.grade(workers=1)
    return course


@pytest.fixture
def fake_bwrap():
    made = []
    yield lambda real_calls: made.append(_fake_bwrap(real_calls)) or made[-1]
    for folder in made:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_sandbox_that_cannot_start_grades_nothing(graded_once, fake_bwrap):
    course = graded_once
    before = _grades(course)
    fake = fake_bwrap(0)
    done = course.run("autograde", check=False, env={"PATH": f"{fake}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"})
    assert done.returncode != 0
    assert "setting up uid map: Permission denied" in done.stderr, done.stderr[-2000:]
    course.run("export")
    assert _grades(course) == before and before[("solution", "00-fixture")][0] == "4.0"


def test_a_failure_during_grading_keeps_the_earlier_grades(graded_once, fake_bwrap):
    course = graded_once
    before = _grades(course)
    fake = fake_bwrap(2 if os.geteuid() == 0 else 1)  # the self-test's calls
    done = course.run("autograde", "--workers", "1", check=False,
                      env={"PATH": f"{fake}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"})
    assert done.returncode == 1, done.stdout + done.stderr[-2000:]
    assert "NOT GRADED" in done.stderr and "uid map" in done.stderr
    with open(course.root / "grading" / "not-graded.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["student"] for r in rows) == ["solution", "wrong"] and all("uid map" in r["error"] for r in rows)
    course.run("export")
    after = _grades(course)
    assert after[("solution", "00-fixture")][0] == before[("solution", "00-fixture")][0] == "4.0"
    assert after[("solution", "00-fixture")][1] == "not graded"


@pytest.mark.parametrize("args, says", [
    (["autograde", "99-nope"], "unknown assignment 99-nope"),
    (["autograde", "01-network-structure"], "nothing to grade"),
])
def test_wrong_order_or_names_are_clear_errors(tmp_path, args, says):
    course = harness.Course.create(tmp_path, harness.REPO / "solutions", "01-network-structure")
    done = course.run(*args, check=False)
    assert done.returncode == 2 and says in done.stderr, done.stderr


def test_the_capstones_held_out_digits_are_out_of_the_sandboxs_reach(tmp_path):
    # While 09-capstone is graded the kernel sees scikit-learn's digits without the held-out part, and
    # nnlib's loader refuses the held-out and full parts; the judge alone holds them.
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    from course.blocklist import nnlib_copy
    from course.sandbox import Sandbox, sandbox_uid

    sandbox = Sandbox(tmp_path / "home", uid=sandbox_uid(62))
    sandbox.write()
    data = tmp_path / "data"
    data.mkdir()
    copy, _ = nnlib_copy("09-capstone", ["train_digits"], tmp_path / "nnlib-copy")
    sandbox.prepare("09-capstone", data, copy)
    ksm = KernelSpecManager(kernel_dirs=[str(sandbox.home / "kernels")])
    km = KernelManager(kernel_name=sandbox.name, kernel_spec_manager=ksm, transport="ipc",
                       ip=str(sandbox.ipc_dir / "kernel"))
    km.start_kernel(cwd=str(data))
    printed = []
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        kc.execute_interactive(
            "from sklearn.datasets import load_digits\n"
            "print('SKLEARN', len(load_digits().target))\n"
            "import nnlib.data as d\n"
            "for part in ('heldout', 'full'):\n"
            "    try:\n"
            "        d.load_digits(part=part)\n"
            "        print('REACHED', part)\n"
            "    except Exception as err:\n"
            "        print('REFUSED', part, err)\n",
            timeout=60, output_hook=lambda m: printed.append(m["content"].get("text", "")))
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)
        sandbox.reap()
    text = "".join(printed)
    assert "SKLEARN 1497" in text, text
    assert "REACHED" not in text and text.count("REFUSED") == 2, text
