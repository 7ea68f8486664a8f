"""Fixtures of the search tests: the real browser, for the page test."""

from soctasking.testing.browser import browser, page

__all__ = ["browser", "page"]
