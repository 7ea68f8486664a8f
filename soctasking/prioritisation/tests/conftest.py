"""Fixtures of the prioritisation tests: the real browser, for scoring and deciding a round."""

from soctasking.testing.browser import browser, page, seeded_rows

__all__ = ["browser", "page", "seeded_rows"]
