"""Print a situation report to PDF with a headless Chromium or Chrome found on the machine.

::

    find_browser() -> str | None
    html_to_pdf(html, pdf_path, browser=None) -> None

The report is one self-contained HTML page (inline styles, an inline SVG map, no
scripts), so printing it is a browser's job: no PDF layout engine is bundled. The
browser is ``$RASHOMON_CHROMIUM`` when set, else the first of ``chromium``,
``chromium-browser``, ``google-chrome``, ``google-chrome-stable`` on ``PATH``. It runs
with no network access to the page (a ``file://`` URL of a page that fetches nothing).

When not to use: for the HTML report itself (write ``render_html``'s string); on a
machine without any Chromium-family browser, where :class:`PdfError` says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Browser executables tried in order when ``$RASHOMON_CHROMIUM`` is not set.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Seconds a browser may take to print one report.
TIMEOUT_S = 120


class PdfError(RuntimeError):
    """The report could not be printed to PDF (no browser, or the browser failed)."""


def find_browser() -> str | None:
    """Path of the Chromium-family browser to print with, or None when there is none."""
    env = os.environ.get("RASHOMON_CHROMIUM")
    if env:
        return env if Path(env).exists() else shutil.which(env)
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def html_to_pdf(html: str, pdf_path: str | Path, *, browser: str | None = None) -> None:
    """Write ``html`` (a self-contained page) as a PDF file at ``pdf_path``.

    Raises :class:`PdfError` naming what is missing or what the browser said.
    """
    exe = browser or find_browser()
    if exe is None:
        raise PdfError(
            "PDF output needs Chromium or Google Chrome (none found on PATH; set "
            "RASHOMON_CHROMIUM to its path), or write the report as .html"
        )
    out = Path(pdf_path).resolve()
    with tempfile.TemporaryDirectory(prefix="rashomon-sitrep-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        args = [
            exe, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
            f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer",
            f"--print-to-pdf={out}", page.as_uri(),
        ]
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(f"{exe} could not print the report: {exc}") from exc
    if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise PdfError(f"{exe} did not write {out} (exit {done.returncode}): {' | '.join(tail)}")
