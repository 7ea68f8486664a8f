"""How the report writes its figures: thousands separated, money and weights to two places."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def figure(value: float | int | None, missing: str = "Not recorded") -> str:
    if value is None:
        return missing
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


@register.filter
def percent(value: float | None) -> str:
    return "none" if value is None else f"{value * 100:.1f}%"


@register.filter
def lookup(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.simple_tag
def change(current: float | int | None, previous: float | int | None) -> str:
    """The change from the previous quarter, signed; blank where either was not recorded."""
    if current is None or previous is None:
        return ""
    difference = current - previous
    if difference == 0:
        return "No change"
    return ("+" if difference > 0 else "\N{MINUS SIGN}") + figure(abs(difference))
