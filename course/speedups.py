"""Two costs of nbgrader 0.9 that grading pays again and again, removed without changing results.

- :func:`fast_new_gradebooks`: creating a gradebook runs ``alembic heads`` in a subprocess (about
  3 s here, paid by every ``course autograde`` into an empty grading folder); :func:`alembic_head`
  reads the same revision in-process in 0.1 s.
- :func:`fast_metadata_checks`: ``CheckCellMetadata`` validates every cell's nbgrader metadata with
  ``jsonschema.validate``, which re-checks the schema itself each time (about 0.25 s of the
  grader's CPU per notebook); :func:`validate` builds one validator per schema and raises the same
  error ``jsonschema.validate`` would.

- :func:`skip_iri_format_checker`: importing ``jsonschema`` (which nbformat and nbgrader do)
  imports ``rfc3987_syntax`` when it is installed, and that builds a grammar for 1 s. It serves
  only jsonschema's optional "iri" format check, which neither nbformat's nor nbgrader's schemas
  use; the ``course`` command and its workers skip it, saving a second in every process.

``tests/course/test_speedups.py`` compares each with nbgrader's own behaviour.
"""

import sys

import json
from pathlib import Path


def alembic_head():
    """The newest revision of nbgrader's gradebook schema, read in this process."""
    import nbgrader.api
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(Path(nbgrader.api.__file__).parent / "alembic")).get_current_head()


def fast_new_gradebooks():
    """Let nbgrader stamp a new gradebook with :func:`alembic_head` (no ``alembic`` subprocess)."""
    import nbgrader.api

    nbgrader.api.get_alembic_version = alembic_head


_VALIDATORS = {}


def validate(instance, schema):
    """``jsonschema.validate(instance, schema)`` with the schema checked and compiled once."""
    import jsonschema

    key = json.dumps(schema, sort_keys=True)  # nbgrader loads a fresh copy of the schema per validator
    if key not in _VALIDATORS:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _VALIDATORS[key] = cls(schema)
    validator = _VALIDATORS[key]
    error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


class _JsonSchema:
    """What nbgrader's metadata validator uses of the ``jsonschema`` module, with a cached ``validate``."""

    def __getattr__(self, name):
        import jsonschema

        return getattr(jsonschema, name)

    validate = staticmethod(validate)


def fast_metadata_checks():
    """Make nbgrader's cell-metadata validation use :func:`validate`."""
    import nbgrader.nbgraderformat.common as common

    common.jsonschema = _JsonSchema()


def skip_iri_format_checker():
    """Keep ``rfc3987_syntax`` from being imported (call before anything imports jsonschema).

    jsonschema imports it inside ``suppress(ImportError)``: with ``None`` in ``sys.modules`` the
    import fails at once and only the "iri" format checker is left out.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
