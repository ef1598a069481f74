"""Situation reports: one self-contained HTML page per country and period."""

from .report import Sitrep, gather, render_html

__all__ = ["Sitrep", "gather", "render_html"]
