"""Fixtures of the web tests: the real browser, and sign-in through the page."""

from soctasking.testing.browser import browser, page, seeded_rows

__all__ = ["browser", "page", "seeded_rows"]
