"""Before grading: start one kernel exactly as the workers will, run a probe cell, check the isolation.

If the sandbox cannot start (no bubblewrap, user namespaces refused by the system, e.g. Ubuntu 24.04's
AppArmor rule), or starts without isolation, ``course autograde`` stops here with the real cause and
grades nothing, instead of grading every submission 0.
"""

import json
import os
import tempfile
import textwrap
from pathlib import Path

PROBE = textwrap.dedent("""
    import json, os, socket
    _r = {"uid": os.getuid(), "pids": [int(p) for p in os.listdir("/proc") if p.isdigit()],
          "env": sorted(os.environ), "sees": [p for p in PATHS if os.path.exists(p)],
          "cwd": os.getcwd()}
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=2).close(); _r["net"] = True
    except OSError:
        _r["net"] = False
    print("PROBE" + json.dumps(_r))
""")


class SandboxBroken(RuntimeError):
    """The grading sandbox does not start or does not isolate on this machine."""


def _probe(sandbox, data, course):
    from course.paths import REPO

    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    ksm = KernelSpecManager(kernel_dirs=[str(sandbox.home / "kernels")])
    km = KernelManager(kernel_name=sandbox.name, kernel_spec_manager=ksm, transport="ipc",
                       ip=str(sandbox.ipc_dir / "kernel"))
    outputs = []
    try:
        km.start_kernel(cwd=str(data))
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=60)
        except RuntimeError as err:
            raise SandboxBroken(f"the grading kernel did not start: {err}. {sandbox.status() or ''}".strip()) from None
        secret_paths = sorted({str(course.source), str(course.grading), str(REPO / "solutions"), str(REPO / "tests")})
        reply = kc.execute_interactive(PROBE.replace("PATHS", repr(secret_paths)), timeout=60,
                                       output_hook=lambda m: outputs.append(m))
        kc.stop_channels()
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    if reply["content"]["status"] != "ok":
        raise SandboxBroken(f"the probe cell failed in the grading kernel: {reply['content'].get('evalue')}")
    text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
    try:
        return json.loads(text.split("PROBE", 1)[1].splitlines()[0])
    except (IndexError, ValueError):
        raise SandboxBroken(f"the probe cell printed nothing readable: {text[:300]!r}") from None


def self_test(course, home, sandboxed=True, memory_mb=None):
    """Start a kernel in a fresh sandbox under ``home`` and check it; raise :class:`SandboxBroken` if not right."""
    from course.sandbox import Sandbox, limits_for, sandbox_uid

    sandbox = Sandbox(Path(home), sandboxed=sandboxed, limits=limits_for(memory_mb), uid=sandbox_uid(63))
    sandbox.write()
    with tempfile.TemporaryDirectory(prefix="course-selftest-") as data:
        sandbox.prepare("00-selftest", data)
        os.environ["COURSE_SELFTEST_CANARY"] = "grader-secret"
        try:
            result = _probe(sandbox, data, course)
        finally:
            os.environ.pop("COURSE_SELFTEST_CANARY", None)
    if not sandboxed:
        return result
    problems = []
    if result["uid"] == 0:
        problems.append("the kernel runs as root")
    if len(result["pids"]) > 8 or os.getpid() in result["pids"] and max(result["pids"]) > 100:
        problems.append(f"the kernel sees {len(result['pids'])} processes (no PID namespace?)")
    if result["net"]:
        problems.append("the kernel reaches the network")
    if result["sees"]:
        problems.append(f"the kernel sees {', '.join(result['sees'])}")
    if "COURSE_SELFTEST_CANARY" in result["env"]:
        problems.append("the kernel inherits the grader's environment")
    if problems:
        raise SandboxBroken("the grading sandbox does not isolate: " + "; ".join(problems))
    return result
