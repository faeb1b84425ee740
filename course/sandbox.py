"""Kernelspecs for grading: ``course-sandbox`` (bubblewrap, the default) and ``course-plain``.

Both run the student's kernel under ``prlimit`` (address space and CPU time). The sandbox kernel
(scripts/sandbox/kernel-launcher.sh) also sees only read-only system and Python files, nnlib and
its own working copy; it has no network and talks to nbgrader over IPC sockets in ``ipc_dir``.
"""

import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import nnlib

from course.paths import REPO

LAUNCHER = REPO / "scripts" / "sandbox" / "kernel-launcher.sh"
MEMORY_LIMIT = 3 * 1024**3   # bytes of address space per kernel (numpy + ipykernel need ~1 GB)
CPU_LIMIT = 900              # seconds of CPU time per notebook (the per-cell timeout acts first)


def _matplotlib_cache():
    """Where matplotlib keeps its font cache for this user (without importing matplotlib)."""
    if os.environ.get("MPLCONFIGDIR"):
        return os.environ["MPLCONFIGDIR"]
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib")


@dataclass
class Kernel:
    """A kernelspec written under ``home`` (put on JUPYTER_PATH); ``sandboxed`` selects the launcher."""

    home: Path
    sandboxed: bool = True
    memory: int = MEMORY_LIMIT
    cpu: int = CPU_LIMIT

    @property
    def name(self):
        return "course-sandbox" if self.sandboxed else "course-plain"

    @property
    def ipc_dir(self):
        return self.home / "ipc"

    def readonly_paths(self):
        """Python installation (venv and base), nnlib's folder: what the sandboxed kernel may read."""
        paths = {Path(sys.prefix), Path(sys.base_prefix), Path(nnlib.__file__).resolve().parent}
        paths.add(Path(os.path.realpath(sys.executable)).parent.parent)
        return sorted(str(p) for p in paths if p.exists() and not str(p).startswith(("/usr", "/etc")))

    def write(self):
        """Write the kernelspec; return the JUPYTER_PATH entry to use."""
        if self.sandboxed and not shutil.which("bwrap"):
            raise RuntimeError("bubblewrap (bwrap) is not installed: run `make setup-dev` "
                               "(or scripts/setup-system.sh), or grade with --no-sandbox (see the guide)")
        spec_dir = self.home / "kernels" / self.name
        spec_dir.mkdir(parents=True, exist_ok=True)
        self.ipc_dir.mkdir(exist_ok=True)
        kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                  "--HistoryManager.hist_file=:memory:"]
        if self.sandboxed:
            argv = ["bash", str(LAUNCHER), "{connection_file}"]
        else:
            argv = ["prlimit", f"--as={self.memory}", f"--cpu={self.cpu}", "--"] + kernel
        env = {"COURSE_SANDBOX_PYTHON": sys.executable, "COURSE_SANDBOX_RO": ":".join(self.readonly_paths()),
               "COURSE_SANDBOX_IPC": str(self.ipc_dir), "COURSE_SANDBOX_MEM": str(self.memory),
               "COURSE_SANDBOX_CPU": str(self.cpu), "COURSE_SANDBOX_MPLCACHE": _matplotlib_cache(),
               "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
        spec = {"argv": argv, "display_name": f"Python 3 ({self.name})", "language": "python", "env": env}
        (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
        return str(self.home)
