"""Reads of the assurance app: the date a picture describes, the thresholds, the findings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.cache import caches
from django.utils import timezone

from soctasking.assurance.models import CheckThreshold
from soctasking.assurance.registry import (
    Check,
    Finding,
    Severity,
    SubjectType,
    UnknownCheckError,
    registered_checks,
)
from soctasking.audit.selectors import latest_change_digest
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


def _checks_chosen(
    *,
    codes: Iterable[str] | None,
    severities: Iterable[Severity] | None,
    subject_type: str | None,
) -> list[Check]:
    """The registered checks narrowed to ``codes``, ``severities`` and ``subject_type``."""
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
    return chosen


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
    chosen = _checks_chosen(codes=codes, severities=severities, subject_type=subject_type)
    day = picture_as_of(explicit=as_of)
    in_force = thresholds_in_force()
    findings = [
        finding
        for spec in chosen
        for finding in spec.function(as_of=day, thresholds=in_force[spec.code])
        if subject_id is None or finding.subject_id == subject_id
    ]
    return sorted(findings, key=_finding_order)


def findings_current(
    *,
    as_of: date | None = None,
    codes: Iterable[str] | None = None,
    severities: Iterable[Severity] | None = None,
    subject_type: str | None = None,
    subject_id: str | None = None,
) -> list[Finding]:
    """The findings :func:`findings_run` gives, with every check run once a change to the picture.

    The pages and the API ask for the findings on every view, and running
    every check costs dozens of queries. Every change to the picture (and to
    a threshold) is audited in its own transaction, so the findings on a date
    stay right until the audit trail records another change: each process
    keeps every finding on a date until then, and narrows that list.
    """
    chosen = {
        spec.code
        for spec in _checks_chosen(codes=codes, severities=severities, subject_type=subject_type)
    }
    day = picture_as_of(explicit=as_of)
    cache = caches["findings"]
    key = f"{day.isoformat()}:{latest_change_digest()}"
    every: list[Finding] | None = cache.get(key)
    if every is None:
        every = findings_run(as_of=day)
        cache.set(key, every, timeout=None)
    return [
        finding
        for finding in every
        if finding.code in chosen and (subject_id is None or finding.subject_id == subject_id)
    ]


def findings_about(
    *, subjects: Iterable[tuple[SubjectType, str]], as_of: date | None = None
) -> list[Finding]:
    """The findings whose subject is one of ``subjects`` (type and id pairs), in the usual order.

    They come from the findings kept until the next change (:func:`findings_current`),
    worked out as the system: pass them through :func:`findings_visible_to` before
    showing them to anyone.
    """
    wanted = set(subjects)
    return [
        finding
        for finding in findings_current(as_of=as_of)
        if (finding.subject_type, finding.subject_id) in wanted
    ]


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
