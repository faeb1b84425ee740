#!/usr/bin/env bash
# Starts an IPython kernel for `course autograde` inside a bubblewrap sandbox.
# Usage (from a kernelspec written by course/sandbox.py): kernel-launcher.sh CONNECTION_FILE
# The kernel sees: read-only system dirs, the Python installation and nnlib (paths in
# COURSE_SANDBOX_RO, colon-separated), its own working copy ($PWD, writable), the IPC socket dir
# (COURSE_SANDBOX_IPC) and a private /tmp. No network, no other files of the course.
# Limits: COURSE_SANDBOX_MEM bytes of address space, COURSE_SANDBOX_CPU seconds of CPU time.
set -euo pipefail
conn="$1"
work="$PWD"
args=(--die-with-parent --unshare-net --unshare-ipc --unshare-uts --unshare-cgroup-try
      --ro-bind /usr /usr --ro-bind-try /lib /lib --ro-bind-try /lib64 /lib64
      --ro-bind-try /bin /bin --ro-bind-try /sbin /sbin --ro-bind /etc /etc
      --proc /proc --dev /dev --tmpfs /tmp --dir /tmp/home)
IFS=':' read -r -a ro <<< "${COURSE_SANDBOX_RO:-}"
for p in "${ro[@]}"; do
  [ -n "$p" ] && args+=(--ro-bind "$p" "$p")
done
# matplotlib's font cache (read-only copy of the grader's), else every kernel rebuilds it
for f in "${COURSE_SANDBOX_MPLCACHE:-/nonexistent}"/fontlist-*.json; do
  [ -f "$f" ] && args+=(--ro-bind "$f" "/tmp/home/$(basename "$f")")
done
args+=(--ro-bind "$conn" "$conn" --bind "$COURSE_SANDBOX_IPC" "$COURSE_SANDBOX_IPC"
       --bind "$work" "$work" --chdir "$work"
       --setenv HOME /tmp/home --setenv MPLCONFIGDIR /tmp/home --setenv PYTHONNOUSERSITE 1
       --setenv IPYTHONDIR /tmp/home/.ipython --unsetenv PYTHONPATH --unsetenv JUPYTER_PATH)
# bwrap shares the kernel's process group: jupyter_client interrupts with killpg(SIGINT), which
# would kill bwrap (and with --die-with-parent the kernel). bwrap ignores SIGINT; ipykernel installs
# its own SIGINT handler while it executes a cell, so interrupts still reach student code.
trap "" INT
exec bwrap "${args[@]}" -- \
  prlimit --as="${COURSE_SANDBOX_MEM:-4000000000}" --cpu="${COURSE_SANDBOX_CPU:-600}" -- \
  "$COURSE_SANDBOX_PYTHON" -m ipykernel_launcher -f "$conn" --HistoryManager.hist_file=:memory:
