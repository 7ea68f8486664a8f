"""Fixtures of the accounts tests: the real browser, for the access pages."""

from soctasking.testing.browser import browser, page

__all__ = ["browser", "page"]
