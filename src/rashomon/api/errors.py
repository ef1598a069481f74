"""The one JSON error shape of the API.

Every error, ours or the framework's, is answered as::

    {"error": {"status": 404, "code": "R210", "message": "R210 no document with id ..."}}

``code`` is the stable code of :mod:`rashomon.errors` (R2xx from the store), or one of
R5xx for the HTTP layer: R501 bad parameter, R504 no such route, R505 method not
allowed (the API is read-only).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import RashomonError

#: HTTP status of our error codes; any other RashomonError is a 400 (the request
#: asked for something impossible) unless it is a server-side store failure (R20x).
_STATUS = {"R210": 404, "R231": 404, "R230": 404, "R233": 404, "R236": 404, "R202": 500, "R203": 500, "R201": 500}
_HTTP_CODES = {404: "R504", 405: "R505"}


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The error shape (datasette's ``error_body``, ours)."""
    return {"error": {"status": status, "code": code, "message": message, **extra}}


def error_response(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, **extra), status_code=status)


def install(app: FastAPI) -> None:
    """Route every exception through :func:`error_body`."""

    @app.exception_handler(RashomonError)
    async def _ours(_req: Request, exc: RashomonError) -> JSONResponse:
        status = _STATUS.get(exc.code, 400)
        return error_response(status, exc.code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        text = "; ".join(f"{p['where']}: {p['problem']}" for p in problems)
        return error_response(400, "R501", f"R501 bad parameter: {text}", problems=problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"R5{exc.status_code % 100:02d}")
        return error_response(exc.status_code, code, f"{code} {exc.detail}")
