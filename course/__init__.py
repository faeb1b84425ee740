"""The instructor CLI around nbgrader: ``python -m course <step>`` (see book/instructor-guide.md).

Steps: ``release`` (solutions/ -> exercises/, ``--check`` for drift), ``roster``, ``collect``
(a folder or zip of LMS-named submissions), ``autograde`` (sandboxed, parallel), ``feedback``
(hidden tests stripped), ``export`` (grades.csv, every rostered student) and ``report``
(histograms and per-test failure rates, PNG + CSV).
"""
