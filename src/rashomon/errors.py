"""Exceptions for bugs and bad configuration (a bad *document* is a ``Rejected`` record).

::

    RashomonError               every error this package raises on purpose
    ├── ConfigError   (R1xx)    a setting, a data file or an option is wrong
    ├── StoreError    (R2xx)    the database cannot be opened, migrated or written
    ├── ResourceError (R3xx)    a model, gazetteer or table is missing or broken
    └── EvalError     (R4xx)    a gold corpus is missing or malformed

Each message starts with its code and says what to do, e.g.
``R201 database rashomon.db has schema version 9, newer than this rashomon (2):
upgrade rashomon or use another --db``.
"""

from __future__ import annotations


class RashomonError(Exception):
    """Base class; ``code`` is a stable identifier users can search for."""

    code = "R000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        super().__init__(f"{self.code} {message}")


class ConfigError(RashomonError):
    code = "R100"


class StoreError(RashomonError):
    code = "R200"


class ResourceError(RashomonError):
    code = "R300"


class EvalError(RashomonError):
    code = "R400"
