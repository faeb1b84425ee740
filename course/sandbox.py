"""The grading kernel's sandbox: a kernelspec whose launcher is :mod:`course.sandbox_launcher`.

One :class:`Sandbox` per grading worker. :meth:`Sandbox.write` writes the kernelspec once;
:meth:`Sandbox.prepare` writes, before each submission's kernel starts, the spec the launcher reads:
the read-only folders (the Python installation, ``coursecheck`` and a copy of ``nnlib`` in which the
assignment's graded functions are replaced, see :mod:`course.blocklist`), the released data files, a
fresh IPC folder and the limits. With ``sandboxed=False`` (``--no-sandbox``) the same launcher starts
the kernel as the grader, with the same limits where the system supports them and the same cleared
environment, but without bubblewrap's isolation.
"""

import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import coursecheck
import nnlib

LAUNCHER = Path(__file__).resolve().parent / "sandbox_launcher.py"
NAME = "course-grading"
UID_BASE = 100_000_000  # sandbox uids outside, when the grader is root: no account uses them


def sandbox_uid(slot):
    """The uid of sandbox ``slot`` (a worker index, or 63 for the self-test) of this grading run.

    Unique per run (from the process id) and per worker, so that one run's or worker's clean-up, which
    kills every process of its uid, never touches a sandbox of another. The sandbox is uid 65534 inside.
    """
    return UID_BASE + os.getpid() * 64 + slot


@dataclass
class Limits:
    """Limits of one submission's sandbox (bytes and seconds). Whole-sandbox: summed over its processes."""

    memory_bytes: int = 3 * 2**30      # resident memory of all processes together
    process_bytes: int = 4 * 2**30     # address space of one process (numpy + ipykernel reserve ~1 GB)
    cpu_seconds: int = 900             # CPU time, all processes together
    processes: int = 64                # processes and threads at once
    wall_seconds: int = 1800           # backstop; the judge's notebook budget acts first
    tmp_bytes: int = 256 * 2**20       # private /tmp (tmpfs)
    work_bytes: int = 256 * 2**20      # working folder (tmpfs)
    file_bytes: int = 128 * 2**20      # one file


def limits_for(memory_mb=None):
    """The default :class:`Limits`, with the whole-sandbox memory set to ``memory_mb`` MB if given."""
    return Limits(memory_bytes=memory_mb * 2**20) if memory_mb else Limits()


def _python_paths():
    """The Python installation (venv and base) the kernel runs from, read-only in the sandbox."""
    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(os.path.realpath(sys.executable)).parent.parent}
    return sorted(str(p) for p in paths if p.exists() and not str(p).startswith(("/usr", "/etc")))


def _matplotlib_cache():
    """Where matplotlib keeps its font cache for this user (without importing matplotlib)."""
    if os.environ.get("MPLCONFIGDIR"):
        return Path(os.environ["MPLCONFIGDIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")) / "matplotlib"


@dataclass
class Sandbox:
    """Kernelspec and per-submission spec of one grading worker's kernels, under ``home``."""

    home: Path
    sandboxed: bool = True
    limits: Limits = field(default_factory=Limits)
    uid: int = UID_BASE  # when the grader is root: the sandbox's uid outside (see sandbox_uid)
    overlays: dict = field(default_factory=dict, repr=False)  # assignment -> its data overlay (written once)

    name = NAME
    spec_path = property(lambda self: self.home / "spec.json")
    ipc_dir = property(lambda self: self.home / "ipc")
    status_path = property(lambda self: self.home / "status.txt")

    def write(self):
        """Write the kernelspec; return the JUPYTER_PATH entry that makes it visible."""
        if self.sandboxed and not shutil.which("bwrap"):
            raise RuntimeError("bubblewrap (bwrap) is not installed: run scripts/setup-system.sh "
                               "(Debian/Ubuntu: apt-get install bubblewrap), or see the instructor guide")
        spec_dir = self.home / "kernels" / self.name
        spec_dir.mkdir(parents=True, exist_ok=True)
        kernel = {"argv": [sys.executable, "-I", str(LAUNCHER), "{connection_file}"],
                  "display_name": "Python 3 (grading sandbox)", "language": "python",
                  "interrupt_mode": "message", "env": {"COURSE_SANDBOX_SPEC": str(self.spec_path)}}
        (spec_dir / "kernel.json").write_text(json.dumps(kernel, indent=1))
        return str(self.home)

    def prepare(self, assignment, data_dir, nnlib_copy=None):
        """Write the spec for the next kernel: ``data_dir``'s files appear read-only in its working folder."""
        if self.ipc_dir.exists():
            shutil.rmtree(self.ipc_dir)  # never follows links; drops whatever the last kernel left
        self.ipc_dir.mkdir(parents=True)
        self.status_path.unlink(missing_ok=True)
        overlay = [[str(Path(coursecheck.__file__).resolve().parent)] * 2]
        nnlib_dir = str(Path(nnlib.__file__).resolve().parent)
        overlay.append([str(nnlib_copy or nnlib_dir), nnlib_dir])
        overlay += self._data_overlay(assignment)
        fonts = sorted(_matplotlib_cache().glob("fontlist-*.json"))
        overlay += [[str(f), f"/tmp/home/.matplotlib/{f.name}"] for f in fonts]
        # The kernel imports coursecheck and nnlib from where the grader's own come from (a checkout,
        # an editable or a plain install), never from another copy on the kernel's default path.
        pythonpath = sorted({os.path.dirname(dst) for _, dst in overlay[:2]})
        spec = {"sandboxed": self.sandboxed, "python": sys.executable, "ro": _python_paths(), "overlay": overlay,
                "pythonpath": pythonpath,
                "data": str(data_dir), "workdir": f"/home/student/{assignment}", "ipc": str(self.ipc_dir),
                "status": str(self.status_path), "limits": vars(self.limits), "uid": self.uid}
        self.spec_path.write_text(json.dumps(spec, indent=1))

    def _data_overlay(self, assignment):
        """Data files the sandbox shows in place of the installation's own (the capstone's held-out digits
        are not in them; see course.blocklist.data_overlay), written once per assignment."""
        from course.blocklist import data_overlay

        if assignment not in self.overlays:
            self.overlays[assignment] = data_overlay(assignment, self.home / "data-overlay" / assignment)
        return self.overlays[assignment]

    def reap(self, wait=10.0):
        """After a kernel, as root: kill whatever still runs as the sandbox's own uid (nothing else
        does) and wait until nothing is left. Returns how many processes had to be killed; raises
        RuntimeError if some survive (the grader then reports the submission as not graded).

        An unprivileged grader's sandboxes share its uid; there the launcher, which holds the PID
        namespace open until it has killed everything in it, is the only one that may kill by namespace
        (a dead namespace's number is reused at once by the next one, another worker's)."""
        import signal
        import time

        if os.geteuid() != 0 or not self.sandboxed:
            return 0
        killed, end = set(), time.monotonic() + wait
        while True:
            alive = []
            for entry in filter(str.isdigit, os.listdir("/proc")):
                try:
                    if os.stat(f"/proc/{entry}").st_uid == self.uid:
                        os.kill(int(entry), signal.SIGKILL)
                        alive.append(entry)
                except OSError:
                    pass
            killed.update(alive)
            if not alive:
                return len(killed)
            if time.monotonic() > end:
                raise RuntimeError(f"processes of the sandbox survive SIGKILL: {', '.join(alive[:5])}")
            time.sleep(0.1)

    def status(self):
        """Why the launcher stopped the last kernel (a limit, a failed start), or None."""
        try:
            return self.status_path.read_text()[:500] or None
        except OSError:
            return None

