"""Page views of the assurance app: the findings page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from soctasking.assurance.forms import FindingsFilterForm
from soctasking.assurance.presentation import (
    evidence_label,
    evidence_value_text,
    severity_counts,
)
from soctasking.assurance.registry import Finding
from soctasking.assurance.selectors import findings_current, findings_visible_to, picture_as_of
from soctasking.themes.selectors import theme_slug
from soctasking.web.shortcuts import signed_in_user


def _subject_page(finding: Finding) -> str | None:
    """Where the subject can be looked into and acted on, where it has a page of its own."""
    if finding.subject_type == "theme" and finding.evidence.get("theme_key"):
        return reverse("themes:detail", args=[theme_slug(str(finding.evidence["theme_key"]))])
    return None


def _finding_row(finding: Finding) -> dict[str, Any]:
    return {
        "finding": finding,
        "subject_page": _subject_page(finding),
        "evidence": [
            (evidence_label(key), evidence_value_text(value))
            for key, value in finding.evidence.items()
        ],
    }


@login_required
def findings(request: HttpRequest) -> HttpResponse:
    """The findings of every check, narrowed by the filters in the query string."""
    form = FindingsFilterForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "rows": [], "counts": {}, "as_of": None}
    if form.is_bound and not form.is_valid():
        return render(request, "assurance/findings.html", context, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    as_of = picture_as_of(explicit=filters.get("as_of"))
    found = findings_visible_to(
        user=signed_in_user(request),
        as_of=as_of,
        findings=findings_current(
            as_of=as_of,
            codes=[filters["code"]] if filters.get("code") else None,
            severities=[filters["severity"]] if filters.get("severity") else None,
            subject_type=filters.get("subject_type") or None,
        ),
    )
    context.update(
        rows=[_finding_row(finding) for finding in found],
        counts=severity_counts(found),
        as_of=as_of,
        filtered=any(filters.get(name) for name in ("code", "severity", "subject_type")),
    )
    return render(request, "assurance/findings.html", context)
