"""The check registry: what a finding is, and how a check declares itself.

A check is a plain function decorated with :func:`check`. The decorator
records its code, name, severity, subject type, default thresholds and
recommendation; the function itself only decides which subjects to flag and
builds each finding with :func:`flag`. Family modules in
``soctasking.assurance.checks`` register their checks when imported.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from soctasking.accounts.models import User

Severity = Literal["high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")

SubjectType = Literal[
    "body",
    "threat",
    "theme",
    "meeting",
    "series",
    "group",
    "action_plan",
    "control_strategy",
    "operation",
    "referral",
    "decision",
    "evaluation",
    "action",
]
SUBJECT_TYPES: tuple[SubjectType, ...] = (
    "body",
    "threat",
    "theme",
    "meeting",
    "series",
    "group",
    "action_plan",
    "control_strategy",
    "operation",
    "referral",
    "decision",
    "evaluation",
    "action",
)


@dataclass(frozen=True)
class Finding:
    """One problem a check found with one subject, in the shape the spec gives."""

    code: str
    name: str
    severity: Severity
    subject_type: SubjectType
    subject_id: str
    message: str
    evidence: Mapping[str, Any] = field(default_factory=dict)
    recommendation: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "subject": {"type": self.subject_type, "id": self.subject_id},
            "message": self.message,
            "evidence": dict(self.evidence),
            "recommendation": self.recommendation,
        }


class FindingVisibility(Protocol):
    """Whether ``user`` may be shown ``finding``, found as of ``as_of``."""

    def __call__(self, *, finding: Finding, user: User, as_of: date) -> bool: ...


class CheckFunction(Protocol):
    __name__: str
    __doc__: str | None

    def __call__(self, *, as_of: date, thresholds: Mapping[str, float]) -> Iterable[Finding]: ...


@dataclass(frozen=True)
class Check:
    """A registered check: its declaration and the function that runs it."""

    code: str
    name: str
    severity: Severity
    subject: SubjectType
    thresholds: Mapping[str, float]
    recommendation: str
    function: CheckFunction
    # For a check whose evidence comes from classified material: who may see
    # each finding. Without it, every signed-in user sees every finding.
    visible_to: FindingVisibility | None = None

    @property
    def description(self) -> str:
        """The first paragraph of the check function's docstring."""
        doc = inspect.cleandoc(self.function.__doc__ or "")
        return " ".join(doc.split("\n\n", 1)[0].split())


_REGISTRY: dict[str, Check] = {}


class UnknownCheckError(ValueError):
    """A check code, or a threshold parameter of a check, that is not registered."""


def check(
    *,
    code: str,
    name: str,
    severity: Severity,
    subject: SubjectType,
    recommendation: str,
    thresholds: Mapping[str, float] | None = None,
    visible_to: FindingVisibility | None = None,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as the check ``code``.

    ``thresholds`` are the defaults; an administrator may override each one
    (see ``soctasking.assurance.services.threshold_set``). The function gets
    the thresholds in force, never the raw defaults. ``visible_to``, for a
    check whose findings draw on classified records, decides which users
    each finding is shown to on the page and through the API.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"{code}: severity must be one of {', '.join(SEVERITIES)}")
    if subject not in SUBJECT_TYPES:
        raise ValueError(f"{code}: subject must be one of {', '.join(SUBJECT_TYPES)}")

    def register(function: CheckFunction) -> CheckFunction:
        if code in _REGISTRY and _REGISTRY[code].function is not function:
            raise ValueError(f"check code {code} is already registered")
        _REGISTRY[code] = Check(
            code=code,
            name=name,
            severity=severity,
            subject=subject,
            thresholds=MappingProxyType(dict(thresholds or {})),
            recommendation=recommendation,
            function=function,
            visible_to=visible_to,
        )
        return function

    return register


def registered_checks() -> dict[str, Check]:
    """Every registered check by code, in code order, loading every family first."""
    # Importing the package imports every family module, which registers its checks.
    import soctasking.assurance.checks  # noqa: F401

    return {code: _REGISTRY[code] for code in sorted(_REGISTRY)}


def check_get(code: str) -> Check:
    checks = registered_checks()
    if code not in checks:
        raise UnknownCheckError(f"unknown check code {code!r}; expected one of {', '.join(checks)}")
    return checks[code]


def flag(code: str, *, subject_id: str, message: str, evidence: Mapping[str, Any]) -> Finding:
    """A finding of the check ``code`` about one subject, with the check's declared details."""
    declared = _REGISTRY[code]
    return Finding(
        code=declared.code,
        name=declared.name,
        severity=declared.severity,
        subject_type=declared.subject,
        subject_id=subject_id,
        message=message,
        evidence=evidence,
        recommendation=declared.recommendation,
    )
