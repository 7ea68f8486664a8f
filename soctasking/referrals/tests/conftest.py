"""Fixtures of the referrals tests: the real browser, for the journey."""

from soctasking.testing.browser import browser, page, seeded_rows

__all__ = ["browser", "page", "seeded_rows"]
