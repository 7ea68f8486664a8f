"""Fixtures of the accounts tests: the real browser, for the access pages."""

from soctasking.testing.browser import browser, page, seeded_rows

__all__ = ["browser", "page", "seeded_rows"]
