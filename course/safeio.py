"""Reading and copying files that students could have shaped: regular files only, never through a link.

A submission folder may hold symlinks, hard links, FIFOs or devices (from a crafted zip, or placed by
an earlier step). The trusted side reads such folders only through these helpers: a file is opened with
``O_NOFOLLOW | O_NONBLOCK`` and used only if ``fstat`` says it is a regular file with one link and at
most ``limit`` bytes; folders are walked without following links. Writes go to fresh files (``O_EXCL``)
in folders the grader made.
"""

import os
import stat

MAX_FILE = 32 * 2**20  # bytes of one submitted file


class Unsafe(ValueError):
    """Not a regular file, a link, or too large: the reason is the message."""


def read_regular(path, limit=MAX_FILE):
    """The bytes of ``path`` if it is a plain regular file of at most ``limit`` bytes, else :class:`Unsafe`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise Unsafe(f"cannot be opened as a plain file ({err.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unsafe("is not a regular file")
        if info.st_nlink != 1:
            raise Unsafe("is a hard link")
        if info.st_size > limit:
            raise Unsafe(f"is larger than {limit // 2**20} MB")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise Unsafe(f"is larger than {limit // 2**20} MB")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_new(path, data):
    """Write ``data`` to ``path``, which must not exist yet (no following of a planted link)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def walk_files(folder):
    """(relative path, kind) for everything under ``folder``, without following links.

    ``kind`` is ``"file"`` for a regular file, else ``"link"``, ``"special"`` (FIFO, socket, device).
    """
    out = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs):
            full = os.path.join(top, name)
            if os.path.islink(full):
                out.append((os.path.relpath(full, folder), "link"))
        dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(top, d)))
        for name in sorted(files):
            full = os.path.join(top, name)
            mode = os.lstat(full).st_mode
            kind = "file" if stat.S_ISREG(mode) else "link" if stat.S_ISLNK(mode) else "special"
            out.append((os.path.relpath(full, folder), kind))
    return out


def copy_tree_safely(src, dst, limit=MAX_FILE):
    """Copy the regular files of ``src`` into the new folder ``dst``; return what was left out and why."""
    left_out = []
    os.makedirs(dst)
    for rel, kind in walk_files(src):
        if kind != "file":
            left_out.append((rel, f"is a {kind}"))
            continue
        try:
            data = read_regular(os.path.join(src, rel), limit)
        except Unsafe as err:
            left_out.append((rel, str(err)))
            continue
        target = os.path.join(dst, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        write_new(target, data)
    return left_out
