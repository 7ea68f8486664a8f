"""Template helpers for GOV.UK Frontend form fields."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def govuk_widget(field: BoundField) -> SafeString:
    """The field's widget, marked in error and tied to its message when the field has errors."""
    if not field.errors:
        return field.as_widget()
    classes = field.field.widget.attrs.get("class", "")
    error_class = "govuk-select--error" if "govuk-select" in classes else "govuk-input--error"
    return field.as_widget(
        attrs={
            "class": f"{classes} {error_class}".strip(),
            "aria-describedby": f"{field.auto_id}-error",
        }
    )
