"""Start one grading kernel inside a bubblewrap sandbox and watch it until it ends (standard library only).

A kernelspec written by :mod:`course.sandbox` runs ``python -I course/sandbox_launcher.py CONNECTION_FILE``.
The spec (JSON file named by ``$COURSE_SANDBOX_SPEC``, written by the trusted grader) says what the
sandbox may see. This process (the *supervisor*) stays outside the sandbox:

1. It copies the connection file into the kernel's private IPC folder (the sandbox sees no other file of
   the grader's ``/tmp``). When it runs as root, a first, privileged bubblewrap only makes the sandbox's
   sources reachable for ``nobody`` (the Python installation may sit under ``/root``, which other users
   cannot enter) and drops to an unprivileged uid of the sandbox's own (one per grading worker, so
   that one sandbox's processes never count against another's limit) with ``setpriv``; the sandbox
   itself is always started by an unprivileged user, so its user namespace maps its uid (65534 inside)
   to that uid, or to the unprivileged grader's, outside, never to root.
2. bubblewrap gives the kernel its own user, PID, network, IPC and UTS namespaces, no capabilities, no
   further user namespaces, a new session, an environment cleared to an allow-list, read-only system and
   Python files, a size-capped ``/tmp`` and working folder (tmpfs: nothing the kernel writes reaches the
   host), and nothing else. The kernel is PID 2 of its namespace; when the supervisor or bubblewrap
   dies, every process of the namespace dies with it (``--die-with-parent``). ipykernel's parent poller
   is never started (``JPY_PARENT_PID`` is not in the allow-list), so the PID namespace does not make
   it believe its parent died.
3. Per-process limits (address space, CPU seconds, file size, open files, no core files; and a count of
   processes for the sandbox's uid) are set before bubblewrap starts. Whole-sandbox limits are watched
   here every 0.2 s: resident memory and CPU time summed over the namespace's processes, their number,
   the size of the IPC folder (the one host folder the kernel can write: its sockets live there) and a
   wall-clock backstop. On a breach every process of the sandbox is killed and the reason written
   to the spec's ``status`` file, which the grader reports.
"""

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time

NOBODY = 65534
POLL = 0.2
IPC_BYTES = 2**20  # the IPC folder is the sandbox's one writable host folder: sockets only
SYSTEM_RO = ("/usr", "/lib", "/lib64", "/bin", "/sbin")
ETC_RO = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/fonts", "/etc/localtime",
          "/etc/alternatives", "/etc/mime.types")
ENV_ALLOWED = {
    "HOME": "/tmp/home", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
    "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/home/.matplotlib", "IPYTHONDIR": "/tmp/home/.ipython",
    "PYTHONHASHSEED": "0", "PYTHONNOUSERSITE": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
}


def _write_status(path, reason):
    with open(path, "w") as fh:
        fh.write(reason)


def _pid_ns(pid):
    try:
        return os.readlink(f"/proc/{pid}/ns/pid")
    except OSError:
        return None


def _folder_bytes(folder):
    """Bytes of the files in ``folder`` (the IPC folder: only sockets and the connection file belong there)."""
    total = 0
    with os.scandir(folder) as entries:
        for n, entry in enumerate(entries):
            if n > 64:
                return IPC_BYTES + 1
            try:
                total += entry.stat(follow_symlinks=False).st_size
            except OSError:
                pass
    return total


def _members(ns):
    """(rss bytes, cpu seconds, count) summed over the live processes of PID namespace ``ns``."""
    page, tick = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
    rss = cpu = count = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or _pid_ns(entry) != ns:
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        count += 1
        cpu += sum(int(x) for x in fields[11:15]) / tick   # utime stime cutime cstime
        rss += int(fields[21]) * page
    return rss, cpu, count


def _bwrap_args(spec):
    """The sandbox's bubblewrap command line (it runs as an unprivileged user)."""
    inside = spec["workdir"]
    args = ["bwrap", "--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY), "--disable-userns",
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv"]
    for key, value in ENV_ALLOWED.items():
        args += ["--setenv", key, value]
    if spec.get("pythonpath"):
        args += ["--setenv", "PYTHONPATH", os.pathsep.join(spec["pythonpath"])]
    for path in SYSTEM_RO + ETC_RO:
        args += ["--ro-bind-try", path, path]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(spec["limits"]["tmp_bytes"]), "--tmpfs", "/tmp", "--dir", "/tmp/home",
             "--size", str(spec["limits"]["work_bytes"]), "--tmpfs", os.path.dirname(inside), "--dir", inside]
    for src, dst in _sources(spec):
        args += ["--ro-bind", src, dst]
    return args + ["--bind", spec["ipc"], spec["ipc"], "--chdir", inside]


def _sources(spec):
    """(host path, sandbox path) of everything bound read-only into the sandbox."""
    out = [(p, p) for p in spec["ro"]] + [tuple(pair) for pair in spec.get("overlay", [])]
    data = spec.get("data")
    for name in sorted(os.listdir(data)) if data else []:
        src = os.path.join(data, name)
        if os.path.isfile(src) and not os.path.islink(src) and not name.startswith("."):
            out.append((src, os.path.join(spec["workdir"], name)))
    return out


def _closed_ancestor(path):
    """The first folder on the way to ``path`` that other users may not enter, or None."""
    parts = os.path.abspath(path).split(os.sep)[1:]
    for i in range(1, len(parts)):
        folder = os.sep + os.path.join(*parts[:i])
        if not os.stat(folder).st_mode & 0o001:
            return folder
    return None


def _as_nobody(spec, inner):
    """Root only: a privileged bubblewrap that makes the sandbox's sources reachable for other users
    (a 0755 tmpfs over each closed folder, such as /root, with just those sources bound back), then
    drops to the sandbox's own unprivileged uid (setpriv) and runs the unprivileged sandbox ``inner``."""
    outer = ["bwrap", "--dev-bind", "/", "/", "--die-with-parent"]
    paths = [src for src, _ in _sources(spec)] + [spec["ipc"]]
    closed = {p: _closed_ancestor(p) for p in paths}
    for top in sorted({c for c in closed.values() if c}):
        outer += ["--perms", "0755", "--tmpfs", top]
    made = set()
    for path, top in closed.items():
        if not top:
            continue
        rest = os.path.relpath(os.path.dirname(path), top)
        folder = top
        for part in ([] if rest == "." else rest.split(os.sep)):
            folder = os.path.join(folder, part)
            if folder not in made:
                made.add(folder)
                outer += ["--perms", "0755", "--dir", folder]
        outer += ["--bind" if path == spec["ipc"] else "--ro-bind", path, path]
    uid = spec["uid"]
    return outer + ["--", "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--pdeathsig=KILL", "--"] + inner


def _limits(spec, uid):
    lim = spec["limits"]

    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (lim["process_bytes"], lim["process_bytes"]))
        resource.setrlimit(resource.RLIMIT_CPU, (lim["cpu_seconds"], lim["cpu_seconds"] + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (lim["file_bytes"], lim["file_bytes"]))
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NPROC, (lim["nproc"], lim["nproc"]))  # counts once not root
    return apply


def _nproc_limit(spec, uid):
    """Processes the sandbox may have: its own budget plus what the (unprivileged) grader already runs."""
    if uid == 0:
        return 2 * spec["limits"]["processes"]  # the sandbox's own uid: nobody else runs as it
    mine = 0
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and os.stat(f"/proc/{entry}").st_uid == os.getuid():
                mine += 1
        except OSError:
            pass
    return spec["limits"]["processes"] + mine


def _plain(spec, connection_file):
    """``--no-sandbox``: the kernel runs as the grader, with the limits and the cleared environment only."""
    lim = spec["limits"]
    for which, value in ((getattr(resource, "RLIMIT_AS", None), lim["process_bytes"]),
                         (resource.RLIMIT_CPU, lim["cpu_seconds"]), (resource.RLIMIT_CORE, 0)):
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError, TypeError):  # e.g. RLIMIT_AS on macOS
            pass
    env = dict(ENV_ALLOWED, PATH=os.environ.get("PATH", "/usr/bin:/bin"), HOME=spec["data"],
               MPLCONFIGDIR=os.path.join(spec["data"], ".matplotlib"),
               IPYTHONDIR=os.path.join(spec["data"], ".ipython"))
    if spec.get("pythonpath"):
        env["PYTHONPATH"] = os.pathsep.join(spec["pythonpath"])
    os.chdir(spec["data"])
    os.execve(spec["python"], [spec["python"], "-m", "ipykernel_launcher", "-f", connection_file,
                               "--HistoryManager.hist_file=:memory:"], env)


def _child_pid(fd, proc, timeout=60):
    """The sandbox's first process, from bubblewrap's --info-fd JSON (the fd may stay open: no EOF)."""
    import select

    text, end = b"", time.monotonic() + timeout
    try:
        while time.monotonic() < end and proc.poll() is None or select.select([fd], [], [], 0)[0]:
            if select.select([fd], [], [], 0.2)[0]:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                text += chunk
                try:
                    return json.loads(text).get("child-pid")
                except ValueError:
                    continue
    finally:
        os.close(fd)
    return None


def _subreaper():
    """Become the reaper of every orphaned descendant (Linux prctl PR_SET_CHILD_SUBREAPER)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _kill_all(ns, uid):
    """SIGKILL every process of PID namespace ``ns`` (and, as root, of the sandbox's own uid); reap."""
    for _ in range(50):
        left = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == os.getpid():
                continue
            try:
                mine = (ns and _pid_ns(entry) == ns) or (uid and os.stat(f"/proc/{entry}").st_uid == uid)
                if mine:
                    os.kill(int(entry), signal.SIGKILL)
                    left.append(entry)
            except OSError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass
        if not left:
            return True
        time.sleep(0.05)
    return False


def _relay(fd):
    """Copy the sandbox's stderr (the kernel's log) to ours, in the background."""
    import threading

    def pump():
        with os.fdopen(fd, "rb") as src:
            for line in src:
                sys.stderr.buffer.write(line[:2000])
                sys.stderr.flush()

    threading.Thread(target=pump, daemon=True).start()


def main(connection_file):
    with open(os.environ["COURSE_SANDBOX_SPEC"]) as fh:
        spec = json.load(fh)
    if not spec["sandboxed"]:
        return _plain(spec, connection_file)
    uid = os.geteuid()
    _subreaper()
    ipc = spec["ipc"]
    conn = os.path.join(ipc, "connection.json")
    shutil.copyfile(connection_file, conn)
    if uid == 0:
        os.chown(ipc, spec["uid"], spec["uid"])
        os.chown(conn, spec["uid"], spec["uid"])
    os.chmod(conn, 0o600)
    spec["limits"]["nproc"] = _nproc_limit(spec, uid)
    info_r, info_w = os.pipe()
    args = _bwrap_args(spec) + ["--info-fd", str(info_w), "--", spec["python"], "-m",
                                "ipykernel_launcher", "-f", conn, "--HistoryManager.hist_file=:memory:"]
    if uid == 0:
        args = _as_nobody(spec, args)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts reach the kernel as messages
    err_r, err_w = os.pipe()
    try:
        proc = subprocess.Popen(args, pass_fds=[info_w], preexec_fn=_limits(spec, uid),
                                stdin=subprocess.DEVNULL, stderr=err_w)
    except OSError as err:
        _write_status(spec["status"], f"the sandbox could not start: {err}")
        return 70
    os.close(info_w)
    os.close(err_w)

    stopping = []

    def stop(*_):
        stopping.append(True)
        proc.kill()

    signal.signal(signal.SIGTERM, stop)
    child = _child_pid(info_r, proc)
    if child is None:  # bubblewrap failed before starting the kernel: say why
        with os.fdopen(err_r, "rb") as err:
            message = err.read(4000).decode(errors="replace").strip()
        proc.wait()
        _write_status(spec["status"], f"the sandbox could not start: {message or 'bwrap exited'}")
        sys.stderr.write(message + "\n")
        return proc.returncode or 70
    _relay(err_r)
    # Holding the namespace open keeps its inode number ours: a dead namespace's number is given to
    # the next new one at once (another worker's sandbox), which must never be mistaken for this one.
    ns_fd = os.open(f"/proc/{child}/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
    ns = _pid_ns(child)
    try:
        code = _watch(spec, proc, ns, stopping)
        sys.stderr.write(f"[sandbox] bubblewrap exited with {code}\n")
        return code
    finally:
        proc.kill()
        _kill_all(ns, spec["uid"] if uid == 0 else None)
        os.close(ns_fd)


def _watch(spec, proc, ns, stopping):
    lim, start = spec["limits"], time.monotonic()
    while proc.poll() is None and not stopping:
        if ns:
            rss, cpu, count = _members(ns)
            reason = None
            if rss > lim["memory_bytes"]:
                reason = f"the notebook used more than {lim['memory_bytes'] // 2**20} MB of memory in all"
            elif cpu > lim["cpu_seconds"]:
                reason = f"the notebook used more than {lim['cpu_seconds']} s of CPU time in all"
            elif count > lim["processes"]:
                reason = f"the notebook started more than {lim['processes']} processes"
            elif time.monotonic() - start > lim["wall_seconds"]:
                reason = f"the notebook ran longer than {lim['wall_seconds']} s"
            elif _folder_bytes(spec["ipc"]) > IPC_BYTES:
                reason = "the notebook wrote into the kernel's connection folder"
            if reason:
                _write_status(spec["status"], reason)
                proc.kill()
                break
        time.sleep(POLL)
    return proc.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
