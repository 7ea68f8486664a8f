"""Fixtures of the governance tests: the real browser, for the control strategy page."""

from soctasking.testing.browser import browser, page, seeded_rows

__all__ = ["browser", "page", "seeded_rows"]
