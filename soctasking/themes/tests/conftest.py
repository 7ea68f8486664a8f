"""Fixtures of the theme tests: the real browser, for the page test."""

from __future__ import annotations

from soctasking.testing.browser import browser, page, seeded_rows

__all__ = ["browser", "page", "seeded_rows"]
