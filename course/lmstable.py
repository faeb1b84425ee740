"""Read the CSV files an LMS exports, as they come: encoding and separator are detected.

Encodings: UTF-8 with or without BOM, UTF-16 (with BOM, or without one when NUL bytes show it),
CP949 / EUC-KR (Korean Excel's "CSV" default). Separators: comma, semicolon or tab (the one the
header line uses most; an Excel ``sep=;`` first line is honoured). Every error is a
:class:`TableError` whose message names the file, the line and, where there is one, the column.
"""

import codecs
import csv
import io
from pathlib import Path

SEPARATORS = (",", ";", "\t")


class TableError(ValueError):
    """A file that cannot be read as a table; the message names file, line and column."""


def where(path, line, column=None, header=None):
    """``file: line N, column M ('Name')`` for error messages (column counted from 1)."""
    text = f"{path}: line {line}"
    if column is not None:
        text += f", column {column + 1}"
        if header and column < len(header):
            text += f" ({header[column]!r})"
    return text


def _position(data, pos, unit=1):
    """(line, column) of byte offset ``pos`` (``unit`` bytes per character for UTF-16)."""
    newline = "\n".encode("utf-16-le") if unit == 2 else b"\n"
    start = data.rfind(newline, 0, pos)
    line = data[:pos].count(newline) + 1
    return line, (pos - (start + len(newline) if start >= 0 else 0)) // unit + 1


def decode(path):
    """(text, encoding name) of the file at ``path``."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise TableError(f"{path}: cannot be read ({err.strerror or err})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif b"\x00" in data[:400]:
        head = data[:400]  # ASCII in UTF-16: the NUL byte is the odd one (little-endian) or the even one
        candidates = ["utf-16-le" if head[1::2].count(0) >= head[::2].count(0) else "utf-16-be"]
    else:
        candidates = ["utf-8", "cp949"]
    first = None
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as err:
            first = first or (enc, err)
    enc, err = first
    line, col = _position(data, err.start, 2 if enc.startswith("utf-16") else 1)
    tried = " or ".join(c.upper() for c in candidates)
    raise TableError(f"{path}: line {line}, column {col} (character): the text is not {tried} "
                     f"(byte {data[err.start]:#04x}); save it as 'CSV UTF-8' and try again") from None


def read_table(path):
    """Header and rows of a CSV export.

    Returns
    -------
    header : list of str
        The header's cells, stripped.
    rows : list of (int, list of str)
        Physical line number (from 1) and the cells of every non-blank row after the header.
    dialect : dict
        ``{"encoding": ..., "delimiter": ...}`` as detected.
    """
    text, enc = decode(path)
    lines = text.splitlines(keepends=True)
    skip = 0
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        delimiter, skip = lines[0].strip()[4], 1
    elif lines:
        head = lines[0]
        delimiter = max(SEPARATORS, key=lambda s: (head.count(s), s == ","))
    else:
        raise TableError(f"{path}: line 1: the file is empty")
    reader = csv.reader(io.StringIO("".join(lines[skip:]), newline=""), delimiter=delimiter)
    header, rows = None, []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip() for c in cells]
                continue
            rows.append((reader.line_num + skip, [c.strip() for c in cells]))
    except csv.Error as err:
        raise TableError(f"{path}: line {reader.line_num + skip}: {err}") from None
    if header is None:
        raise TableError(f"{path}: line 1: the file has no header line")
    return header, rows, {"encoding": enc, "delimiter": delimiter}


def write_table(path, header, rows, *, encoding="utf-8", delimiter=","):
    """Write ``header`` and ``rows`` (lists of cells) as CSV."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path
