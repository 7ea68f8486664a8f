"""Template helpers for GOV.UK Frontend form fields."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def govuk_widget(field: BoundField, hinted: bool = False) -> SafeString:
    """The field's widget, marked in error and tied to its message when the field has errors;
    ``hinted`` ties it to its hint (``<id>-hint``) too."""
    described = [f"{field.auto_id}-hint"] if hinted else []
    if not field.errors:
        if not described:
            return field.as_widget()
        return field.as_widget(attrs={"aria-describedby": " ".join(described)})
    classes = field.field.widget.attrs.get("class", "")
    error_class = "govuk-select--error" if "govuk-select" in classes else "govuk-input--error"
    if "govuk-textarea" in classes:
        error_class = "govuk-textarea--error"
    return field.as_widget(
        attrs={
            "class": f"{classes} {error_class}".strip(),
            "aria-describedby": " ".join([*described, f"{field.auto_id}-error"]),
        }
    )
