"""API operations of the assurance app."""

from ninja import Router

router = Router(tags=["assurance"])
