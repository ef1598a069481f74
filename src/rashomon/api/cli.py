"""``rashomon serve``: the API and the web app on one port."""

from __future__ import annotations

import click


@click.command(name="serve")
@click.option("--db", default="rashomon.db", show_default=True, envvar="RASHOMON_DB",
              help="SQLite file or SQLAlchemy URL of the store (env RASHOMON_DB).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes it to the network: the API has no login).")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
def serve_cmd(db: str, host: str, port: int) -> None:
    """Serve the read-only API (/api, /openapi.json) and the web app (/) over a store."""
    import uvicorn

    from ..store import Store
    from .app import create_app

    Store.open(db, create=False).close()  # fail now, with R202, not at the first request
    click.echo(f"rashomon on http://{host}:{port}/  (API docs: /docs, schema: /openapi.json)", err=True)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
