"""Submission downloads as Canvas and Moodle produce them (written by the tests into a temporary folder).

Canvas ("Download Submissions"): one flat zip, ``<name>_[LATE_]<user id>_<attachment id>_<file>``;
a resubmitted file gets Canvas's ``-1`` suffix; the zip entry's time is the submission time in the
LMS's time zone. Moodle ("Download all submissions"): a folder per student,
``<Full name>_<participant id>_assignsubmission_file_/<file>``.
"""

import zipfile
from pathlib import Path

FIXTURES = Path(__file__).parent


def notebook(tag):
    """A small valid notebook whose only markdown cell says ``tag`` (to see which file was placed)."""
    return (f'{{"cells": [{{"cell_type": "markdown", "id": "a", "metadata": {{}}, "source": "{tag}"}}], '
            '"metadata": {}, "nbformat": 4, "nbformat_minor": 5}')


#: Canvas: (entry name, (Y, M, D, h, m, s) in Asia/Seoul, text)
CANVAS = [
    ("kimminji_12345_67890_03-activations.ipynb", (2027, 3, 25, 21, 0, 0), notebook("kim first")),
    ("kimminji_LATE_12345_67990_03-activations-1.ipynb", (2027, 3, 27, 9, 30, 0), notebook("kim late newest")),
    ("kimminji_LATE_12345_67950_03-activations.ipynb", (2027, 3, 27, 1, 0, 0), notebook("kim late older")),
    ("김서연_12346_67891_03-activations.ipynb", (2027, 3, 26, 23, 50, 0), notebook("seoyeon")),
    ("parkjiho_12347_67892_03-activations (1).ipynb", (2027, 3, 26, 20, 0, 0), notebook("jiho")),
    ("parkjiho_12347_67893_helpers.py", (2027, 3, 26, 20, 0, 0), "x = 1\n"),
    ("leedaeho_99999_67894_03-activations.ipynb", (2027, 3, 26, 22, 0, 0), notebook("not on the roster")),
    ("junghoon_12349_67895_activations_homework.ipynb", (2027, 3, 26, 22, 0, 0), notebook("no assignment name")),
]

#: Moodle: (path, (Y, M, D, h, m, s), text)
MOODLE = [
    ("Minji Kim_501_assignsubmission_file_/03-activations.ipynb", (2027, 3, 26, 22, 10, 0), notebook("kim")),
    ("서연 김_502_assignsubmission_file_/03-activations.ipynb", (2027, 3, 28, 23, 0, 0), notebook("seoyeon")),
    ("Jiho Park_503_assignsubmission_file_/03-activations.ipynb", (2027, 3, 26, 20, 0, 0), notebook("jiho")),
    ("Jiho Park_503_assignsubmission_file_/data/notes.txt", (2027, 3, 26, 20, 0, 0), "notes\n"),
    ("Daeho Lee_509_assignsubmission_file_/03-activations.ipynb", (2027, 3, 26, 21, 0, 0), notebook("lee")),
]


def make_zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, when, text in entries:
            zf.writestr(zipfile.ZipInfo(name, date_time=when), text)
    return path


def truncated(path, entries):
    """A zip cut off in the middle (a download that stopped)."""
    data = make_zip(path, entries).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def damaged_member(path, entries, which=0):
    """A zip whose member ``which`` has a flipped byte in its compressed data (CRC or inflate error)."""
    make_zip(path, entries)
    with zipfile.ZipFile(path) as zf:
        info = zf.infolist()[which]
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode("utf-8")) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def reencode(src, dest, encoding):
    """The fixture ``src`` (UTF-8) written again in ``encoding`` (e.g. "cp949", "utf-16", "utf-8-sig")."""
    text = (FIXTURES / src).read_text(encoding="utf-8")
    dest.write_bytes(text.encode(encoding))
    return dest
