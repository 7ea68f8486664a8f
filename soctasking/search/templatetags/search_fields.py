"""A GOV.UK form field whose widget points at both its hint and its error message."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def search_widget(field: BoundField) -> SafeString:
    """The field's widget, marked in error when it is, and described by its hint and message."""
    classes = field.field.widget.attrs.get("class", "")
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
        error_class = "govuk-select--error" if "govuk-select" in classes else "govuk-input--error"
        classes = f"{classes} {error_class}".strip()
    attrs = {"class": classes}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
