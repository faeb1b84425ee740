"""Reading an LMS's download of submissions (a folder or a zip) without trusting it.

Each file becomes an :class:`Entry`: its path inside the download (NFC; a zip member's name stored
in CP949 by a Korean Windows zip tool is re-read as such), its time (a zip entry's time in the LMS's
time zone; a file's modification time) and an opener. A zip member that does not inflate with the
right CRC is an entry without an opener and with the reason; a truncated zip is a one-line error.
Nothing is extracted: members are read when they are copied.
"""

import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import PurePosixPath


@dataclass
class Entry:
    """One file of the download and what became of it."""
    rel: str
    when: datetime | None = None
    opener: object = None  # a callable giving the file's bytes as a binary file; None: unreadable
    student: str = ""
    assignment: str = ""
    target: str = ""
    rest: str = ""
    kind: str = ""  # the layout it was recognised as: Canvas, Moodle, folder, plain
    late: bool = False
    order: int = 0
    status: str = "not placed"
    reason: str = ""


def _zip_name(info):
    """The member's name, re-read as CP949 when a Korean Windows zip tool stored it without the UTF-8 flag."""
    name = info.filename
    if not info.flag_bits & 0x800 and not name.isascii():
        try:
            name = name.encode("cp437").decode("cp949")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return unicodedata.normalize("NFC", name)


def _readable(zf, info):
    """Whether the member inflates with the right CRC (read in chunks, nothing kept); the error if not."""
    try:
        with zf.open(info) as fh:
            while fh.read(1 << 20):
                pass
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as err:
        return str(err) or type(err).__name__
    return None


def read_source(source, tz, stack):
    """Entries (with openers and times) of a folder or zip (kept open in ``stack``); a one-line error
    for an unreadable zip."""
    entries = []
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            rel = unicodedata.normalize("NFC", path.relative_to(source).as_posix())
            if path.is_symlink():
                entries.append(Entry(rel, reason="a link, not a file: not followed"))
            elif path.is_file():
                stat = path.stat()
                entries.append(Entry(rel, datetime.fromtimestamp(stat.st_mtime, timezone.utc),
                                     lambda path=path: path.open("rb")))
        return entries
    if not zipfile.is_zipfile(source):
        raise ValueError(f"{source}: not a readable zip file (truncated or damaged download?); download it again")
    try:
        zf = stack.enter_context(zipfile.ZipFile(source))
        for info in zf.infolist():
            rel = _zip_name(info)
            if rel.startswith("/") or ".." in PurePosixPath(rel).parts or ":" in rel.split("/")[0]:
                raise ValueError(f"{source}: unsafe path in zip: {rel}")
            if info.is_dir():
                continue
            entry = Entry(rel, datetime(*info.date_time, tzinfo=tz))
            damage = _readable(zf, info)
            if damage:
                entry.reason = f"damaged in the zip ({damage}); download it again"
            else:
                entry.opener = lambda info=info: zf.open(info)
            entries.append(entry)
    except zipfile.BadZipFile as err:
        raise ValueError(f"{source}: damaged zip file ({err}); download it again") from None
    return entries
