"""The read-only HTTP API (FastAPI) that also serves the web app."""

from .app import FilterParams, create_app

__all__ = ["FilterParams", "create_app"]
