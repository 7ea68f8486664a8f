"""API operations of the threats app."""

from ninja import Router

router = Router(tags=["threats"])
