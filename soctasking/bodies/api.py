"""API operations of the bodies app."""

from ninja import Router

router = Router(tags=["bodies"])
