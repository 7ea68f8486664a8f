"""API operations of the exchange app."""

from ninja import Router

router = Router(tags=["exchange"])
