"""rashomon: many accounts, one record.

Turns raw news articles from many outlets into a deduplicated, source-attributed
database of documents and events. The public face::

    from rashomon import read_inputs, clean, Store
    store = Store.open("rashomon.db")
    for item in read_inputs(["examples/"]):
        ...

The whole ingest job is :func:`rashomon.pipeline.ingest_paths`.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rashomon")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
