"""Reads of the assurance app: the date a picture describes, the thresholds, the findings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from soctasking.assurance.models import CheckThreshold
from soctasking.assurance.registry import (
    Check,
    Finding,
    Severity,
    UnknownCheckError,
    registered_checks,
)
from soctasking.exchange.selectors import picture_bundle_as_of

if TYPE_CHECKING:
    from soctasking.accounts.models import User


def picture_as_of(*, explicit: date | None = None) -> date:
    """The date checks and metrics describe.

    The date given, if any; otherwise the ``as_of`` of the most recently
    loaded bundle that carried one; otherwise today (in the site's time zone).
    """
    if explicit is not None:
        return explicit
    loaded = picture_bundle_as_of()
    return loaded if loaded is not None else timezone.localdate()


def thresholds_in_force() -> dict[str, dict[str, float]]:
    """Every registered check's thresholds by code: the defaults, with any overrides applied.

    Overrides stored for a parameter a check no longer declares are ignored.
    """
    in_force = {code: dict(spec.thresholds) for code, spec in registered_checks().items()}
    for override in CheckThreshold.objects.all():
        if override.parameter in in_force.get(override.code, {}):
            in_force[override.code][override.parameter] = override.value
    return in_force


def checks_in_force() -> list[dict[str, Any]]:
    """The registry as data: each check's declaration and the thresholds now in force."""
    in_force = thresholds_in_force()
    return [
        {
            "code": spec.code,
            "name": spec.name,
            "severity": spec.severity,
            "subject": spec.subject,
            "description": spec.description,
            "thresholds": in_force[spec.code],
            "default_thresholds": dict(spec.thresholds),
            "recommendation": spec.recommendation,
        }
        for spec in registered_checks().values()
    ]


def _finding_order(finding: Finding) -> tuple[str, str, str, str]:
    return (finding.code, finding.subject_type, finding.subject_id, finding.message)


def findings_run(
    *,
    as_of: date | None = None,
    codes: Iterable[str] | None = None,
    severities: Iterable[Severity] | None = None,
    subject_type: str | None = None,
    subject_id: str | None = None,
) -> list[Finding]:
    """Run the registered checks (all, or those in ``codes``) against the picture on a date.

    ``as_of`` is resolved by :func:`picture_as_of`. The findings come sorted
    by code, then subject, then message, so two runs on the same picture list
    them identically. Raises ``UnknownCheckError`` naming a code that is not
    registered.
    """
    checks = registered_checks()
    chosen: list[Check]
    if codes is None:
        chosen = list(checks.values())
    else:
        wanted = sorted({code.strip().upper() for code in codes})
        unknown = [code for code in wanted if code not in checks]
        if unknown:
            raise UnknownCheckError(
                f"unknown check code {', '.join(unknown)}; expected one of {', '.join(checks)}"
            )
        chosen = [checks[code] for code in wanted]
    if severities is not None:
        wanted_severities = set(severities)
        chosen = [spec for spec in chosen if spec.severity in wanted_severities]
    if subject_type is not None:
        chosen = [spec for spec in chosen if spec.subject == subject_type]
    day = picture_as_of(explicit=as_of)
    in_force = thresholds_in_force()
    findings = [
        finding
        for spec in chosen
        for finding in spec.function(as_of=day, thresholds=in_force[spec.code])
        if subject_id is None or finding.subject_id == subject_id
    ]
    return sorted(findings, key=_finding_order)


def findings_visible_to(*, user: User, findings: Iterable[Finding], as_of: date) -> list[Finding]:
    """The findings ``user`` may be shown: all, except those their check withholds from them."""
    checks = registered_checks()
    shown = []
    for finding in findings:
        declared = checks.get(finding.code)
        rule = declared.visible_to if declared is not None else None
        if rule is None or rule(finding=finding, user=user, as_of=as_of):
            shown.append(finding)
    return shown
