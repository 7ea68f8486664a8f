"""Every section of bundle version 1, declared once: its keys, columns, references and rules.

The order of ``SECTION_SPECS`` is the order sections are exported in, which is
the order of the bundle specification.
"""

from __future__ import annotations

import hashlib
from typing import Any

from soctasking.bodies.models import Body
from soctasking.exchange.mapping import Field, Group, Many, Nested, RecordSpec
from soctasking.exchange.validation import ProblemList, pointer_join
from soctasking.governance.models import (
    ActionPlan,
    ControlStrategy,
    ControlStrategyEntry,
    GovernanceGroup,
    PlanAction,
    ProgressReport,
)
from soctasking.intelligence.models import (
    Acknowledgement,
    Assessment,
    Requirement,
    RequirementThreat,
    Submission,
    TimetableRow,
)
from soctasking.local_priorities.models import LocalPriority, LocalPriorityEntry
from soctasking.meetings.models import Action, Decision, Meeting, MeetingSeries, MeetingUpdate
from soctasking.operations.models import Activity, CovertAuthority, Disruption, Operation
from soctasking.prioritisation.models import Evaluation, Score
from soctasking.referrals.models import Referral
from soctasking.threats.models import Threat

#: A submission's text may be up to 5 MB (bundle.md), counted in UTF-8 bytes.
MAX_TEXT_BYTES = 5 * 1024 * 1024


def _period() -> Group:
    return Group(
        "period",
        (
            Field("start", "period_start", "date", always_exported=True),
            Field("end", "period_end", "date", always_exported=True),
        ),
        ordered=("start", "end"),
    )


def _check_precedence(record: dict[str, Any], pointer: str, problems: ProblemList) -> None:
    rule = record.get("precedes")
    if isinstance(rule, dict) and rule.get("min_lead_days", 0) > rule.get("window_days", 0):
        problems.add(
            pointer_join(pointer, "precedes", "min_lead_days"),
            "must not be more than window_days",
        )


def _check_submission(record: dict[str, Any], pointer: str, problems: ProblemList) -> None:
    encoded = record.get("text", "").encode("utf-8")
    if len(encoded) > MAX_TEXT_BYTES:
        problems.add(
            pointer_join(pointer, "text"),
            f"expected at most {MAX_TEXT_BYTES:,} bytes of text; got {len(encoded):,}",
        )
    given = record.get("sha256")
    if (
        given is not None
        and "text" in record
        and hashlib.sha256(encoded).hexdigest() != given.lower()
    ):
        problems.add(pointer_join(pointer, "sha256"), "does not match the SHA-256 of text")


def _submission_digest(record: dict[str, Any], values: dict[str, Any]) -> None:
    given = record.get("sha256")
    values["sha256"] = (
        given.lower() if given else hashlib.sha256(record.get("text", "").encode()).hexdigest()
    )


def _check_timetable(record: dict[str, Any], pointer: str, problems: ProblemList) -> None:
    """A row with no window of its own opens with the requirement's period."""
    opens = record["period"]["start"]
    for index, row in enumerate(record.get("timetable", [])):
        if "window_start" not in row and row["due"] < opens:
            problems.add(
                pointer_join(pointer, "timetable", index, "due"),
                f"must not be before the requirement's period start ({opens})",
            )


def _threat_list() -> Many:
    return Many("threats", "threats", "threat")


BODIES = RecordSpec(
    Body,
    (
        Field("id", "id", always_exported=True),
        Field("name", "name", always_exported=True),
        Field("kind", "kind"),
        Field("parent", "parent_id", "ref", ref="body"),
        Field("nation", "nation"),
        Field("region", "region"),
        Field("national_remit", "national_remit", "bool"),
    ),
    kind="body",
)

THREATS = RecordSpec(
    Threat,
    (
        Field("id", "id", always_exported=True),
        Field("name", "name", always_exported=True),
        Field("kind", "kind", always_exported=True, default="threat"),
        Field("parent", "parent_id", "ref", ref="threat"),
        Field("theme", "theme"),
        Field("keywords", "keywords", "json", default=[]),
    ),
    kind="threat",
)

ASSESSMENTS = RecordSpec(
    Assessment,
    (
        Field("id", "id", always_exported=True),
        Field("title", "title", always_exported=True),
        Field("kind", "kind"),
        _period(),
        Field("status", "status", always_exported=True, default="draft"),
        Field("issued", "issued", "date", always_exported=True),
        Field("supersedes", "supersedes_id", "ref", ref="assessment"),
        _threat_list(),
        Many("vulnerabilities", "vulnerabilities", "threat", must_be_kind="vulnerability"),
    ),
    kind="assessment",
)

REQUIREMENTS = RecordSpec(
    Requirement,
    (
        Field("id", "id", always_exported=True),
        _period(),
        Field("issued", "issued", "date", always_exported=True),
        Nested(
            "threats",
            RecordSpec(
                RequirementThreat,
                (
                    Field("threat", "threat_id", "ref", ref="threat", always_exported=True),
                    Field("collection_priority", "collection_priority"),
                ),
                unique_key="threat",
            ),
            "requirement_id",
        ),
        Nested(
            "timetable",
            RecordSpec(
                TimetableRow,
                (
                    Field("id", "id", always_exported=True),
                    Field("body", "body_id", "ref", ref="body", always_exported=True),
                    Field("product", "product", always_exported=True),
                    Field("due", "due", "date", always_exported=True),
                    Field("window_start", "window_start", "date"),
                    Field("deliver_to", "deliver_to_id", "ref", ref="body", always_exported=True),
                    Field("for_assessment", "for_assessment_id", "ref", ref="assessment"),
                ),
                kind="timetable_row",
                not_before=(("due", "window_start"),),
            ),
            "requirement_id",
        ),
        Nested(
            "acknowledgements",
            RecordSpec(
                Acknowledgement,
                (
                    Field("body", "body_id", "ref", ref="body", always_exported=True),
                    Field("date", "date", "date", always_exported=True),
                ),
                unique_key="body",
            ),
            "requirement_id",
        ),
    ),
    kind="requirement",
    check=_check_timetable,
)

SUBMISSIONS = RecordSpec(
    Submission,
    (
        Field("id", "id", always_exported=True),
        Field("title", "title", always_exported=True),
        Field("body", "body_id", "ref", ref="body", always_exported=True),
        Field("kind", "kind"),
        Field("received", "received", "datetime", always_exported=True),
        Field("received_by", "received_by_id", "ref", ref="body", always_exported=True),
        Field("channel", "channel", always_exported=True, default="bundle"),
        _period(),
        _threat_list(),
        Field("themes", "themes", "json", default=[]),
        Group(
            "grading",
            (
                Field("source", "grading_source", always_exported=True),
                Field("intelligence", "grading_intelligence", always_exported=True),
                Field("handling", "grading_handling", always_exported=True),
                Field("conditions", "grading_conditions"),
            ),
        ),
        Field("classification", "classification", always_exported=True, default="official"),
        Many("compartments", "compartments", "compartment"),
        Field("text", "text"),
        Field("sha256", "sha256", always_exported=True),
    ),
    kind="submission",
    check=_check_submission,
    derived=_submission_digest,
)

MEETING_SERIES = RecordSpec(
    MeetingSeries,
    (
        Field("id", "id", always_exported=True),
        Field("name", "name", always_exported=True),
        Field("kind", "kind", always_exported=True, default="other"),
        Field("chair", "chair_id", "ref", ref="body"),
        Field("cadence", "cadence"),
        Many("members", "members", "body"),
        Many("expected_members", "expected_members", "body"),
        Field("governance_group", "governance_group_id", "ref", ref="governance_group"),
        Group(
            "precedes",
            (
                Field("series", "precedes_id", "ref", ref="meeting_series", always_exported=True),
                Field("window_days", "precedes_window_days", "int", always_exported=True),
                Field("min_lead_days", "precedes_min_lead_days", "int", always_exported=True),
            ),
        ),
    ),
    kind="meeting_series",
    check=_check_precedence,
)

MEETINGS = RecordSpec(
    Meeting,
    (
        Field("id", "id", always_exported=True),
        Field("series", "series_id", "ref", ref="meeting_series", always_exported=True),
        Field("date", "date", "date", always_exported=True),
        Field("status", "status", always_exported=True, default="scheduled"),
        Many("attended", "attended", "body"),
        Many("invited", "invited", "body"),
        Nested(
            "decisions",
            RecordSpec(
                Decision,
                (
                    Field("id", "id", always_exported=True),
                    Field("kind", "kind", always_exported=True),
                    _threat_list(),
                    Field("text", "text", always_exported=True),
                    Field("rationale", "rationale"),
                    Field("evaluation", "evaluation_id", "ref", ref="evaluation"),
                    Field("recommended_by", "recommended_by_id", "ref", ref="meeting"),
                ),
                kind="decision",
            ),
            "meeting_id",
        ),
        Nested(
            "actions",
            RecordSpec(
                Action,
                (
                    Field("id", "id", always_exported=True),
                    Field("owner", "owner_id", "ref", ref="body", always_exported=True),
                    Field("text", "text", always_exported=True),
                    Field("due", "due", "date", always_exported=True),
                    Field("status", "status", always_exported=True),
                    _threat_list(),
                    Field("completed", "completed", "date"),
                ),
                kind="action",
            ),
            "meeting_id",
        ),
        Many("reports_received", "reports_received", "progress_report"),
        Nested(
            "updates",
            RecordSpec(
                MeetingUpdate,
                (
                    Field("body", "body_id", "ref", ref="body", always_exported=True),
                    _threat_list(),
                    Field("text", "text"),
                ),
                position_attr="position",
            ),
            "meeting_id",
        ),
    ),
    kind="meeting",
)

EVALUATIONS = RecordSpec(
    Evaluation,
    (
        Field("id", "id", always_exported=True),
        Field("assessment", "assessment_id", "ref", ref="assessment"),
        Field("method", "method"),
        Field("date", "date", "date"),
        Field("meeting", "meeting_id", "ref", ref="meeting"),
        Nested(
            "scores",
            RecordSpec(
                Score,
                (
                    Field("threat", "threat_id", "ref", ref="threat", always_exported=True),
                    Field("dimensions", "dimensions", "json", default={}),
                    Field("total", "total", "float"),
                    Field("rank", "rank", "int"),
                    Field("arguments_for", "arguments_for", "json", default=[]),
                    Field("arguments_against", "arguments_against", "json", default=[]),
                    Field("recommendation", "recommendation"),
                ),
                unique_key="threat",
            ),
            "evaluation_id",
        ),
    ),
    kind="evaluation",
)

GOVERNANCE_GROUPS = RecordSpec(
    GovernanceGroup,
    (
        Field("id", "id", always_exported=True),
        Field("name", "name", always_exported=True),
        Field("kind", "kind"),
        Field("theme", "theme"),
        Field("parent", "parent_id", "ref", ref="governance_group"),
        Field("chair", "chair_id", "ref", ref="body"),
        _threat_list(),
        Field("status", "status", always_exported=True, default="active"),
        Field("formed", "formed", "date"),
    ),
    kind="governance_group",
)

ACTION_PLANS = RecordSpec(
    ActionPlan,
    (
        Field("id", "id", always_exported=True),
        Field("group", "group_id", "ref", ref="governance_group"),
        _threat_list(),
        Field("approved", "approved", "date"),
        Nested(
            "actions",
            RecordSpec(
                PlanAction,
                (
                    Field("id", "id", always_exported=True),
                    Field("text", "text", always_exported=True),
                    Field("owner", "owner_id", "ref", ref="body", always_exported=True),
                    Field("due", "due", "date", always_exported=True),
                    Field("status", "status", always_exported=True),
                    _threat_list(),
                    Field("strand", "strand"),
                ),
                kind="plan_action",
            ),
            "plan_id",
        ),
        Nested(
            "reports",
            RecordSpec(
                ProgressReport,
                (
                    Field("id", "id", always_exported=True),
                    Field("date", "date", "date", always_exported=True),
                    Field("to_meeting", "to_meeting_id", "ref", ref="meeting"),
                    Field("rating", "rating", always_exported=True),
                    Field("summary", "summary", always_exported=True),
                ),
                kind="progress_report",
            ),
            "plan_id",
        ),
    ),
    kind="action_plan",
)

CONTROL_STRATEGIES = RecordSpec(
    ControlStrategy,
    (
        Field("id", "id", always_exported=True),
        Field("based_on", "based_on_id", "ref", ref="assessment"),
        Field("status", "status", always_exported=True, default="draft"),
        Field("approved_by", "approved_by_id", "ref", ref="meeting"),
        Nested(
            "entries",
            RecordSpec(
                ControlStrategyEntry,
                (
                    Field("threat", "threat_id", "ref", ref="threat", always_exported=True),
                    Field("level", "level", always_exported=True),
                    Group(
                        "response",
                        (
                            Field("intelligence", "response_intelligence"),
                            Field("prevention", "response_prevention"),
                            Field("enforcement", "response_enforcement"),
                        ),
                    ),
                ),
                unique_key="threat",
            ),
            "strategy_id",
        ),
    ),
    kind="control_strategy",
)

LOCAL_PRIORITIES = RecordSpec(
    LocalPriority,
    (
        Field("id", "id", always_exported=True),
        Field("body", "body_id", "ref", ref="body"),
        _period(),
        Field("source", "source"),
        Nested(
            "priorities",
            RecordSpec(
                LocalPriorityEntry,
                (
                    Field("threat", "threat_id", "ref", ref="threat"),
                    Field("theme", "theme"),
                ),
                position_attr="position",
            ),
            "local_priority_id",
        ),
    ),
    kind="local_priority",
)

OPERATIONS = RecordSpec(
    Operation,
    (
        Field("id", "id", always_exported=True),
        Field("name", "name", always_exported=True),
        Field("body", "body_id", "ref", ref="body"),
        Field("opened", "opened", "date", always_exported=True),
        Field("closed", "closed", "date"),
        Field("status", "status", always_exported=True, default="open"),
        _threat_list(),
        Nested(
            "covert_authorities",
            RecordSpec(
                CovertAuthority,
                (
                    Field("id", "id", always_exported=True),
                    Field("kind", "kind", always_exported=True),
                    Field("granted", "granted", "date", always_exported=True),
                    Field("expires", "expires", "date"),
                    Field("last_used", "last_used", "date"),
                ),
                kind="covert_authority",
            ),
            "operation_id",
        ),
        Nested(
            "activity",
            RecordSpec(
                Activity,
                (
                    Field("date", "date", "date", always_exported=True),
                    Field("kind", "kind", always_exported=True),
                    Field("note", "note"),
                ),
                position_attr="position",
            ),
            "operation_id",
        ),
        Nested(
            "disruptions",
            RecordSpec(
                Disruption,
                (
                    Field("id", "id", always_exported=True),
                    Field("date", "date", "date", always_exported=True),
                    Field("level", "level", always_exported=True),
                    _threat_list(),
                    Field("note", "note"),
                    Group(
                        "outcomes",
                        (
                            Field("arrests", "arrests", "int"),
                            Field("charges", "charges", "int"),
                            Field("convictions", "convictions", "int"),
                            Field("drugs_kg", "drugs_kg", "float"),
                            Field("firearms", "firearms", "int"),
                            Field("cash_gbp", "cash_gbp", "float"),
                            Field("assets_denied_gbp", "assets_denied_gbp", "float"),
                        ),
                    ),
                ),
                kind="disruption",
            ),
            "operation_id",
        ),
    ),
    kind="operation",
    not_before=(("closed", "opened"),),
)

REFERRALS = RecordSpec(
    Referral,
    (
        Field("id", "id", always_exported=True),
        Field("subject", "subject", always_exported=True),
        Field("from_body", "from_body_id", "ref", ref="body", always_exported=True),
        Field("kind", "kind"),
        Field("submitted", "submitted", "date", always_exported=True),
        Field("route", "route"),
        _threat_list(),
        Field("status", "status", always_exported=True, default="submitted"),
        Field("decided", "decided", "date"),
    ),
    kind="referral",
    not_before=(("decided", "submitted"),),
)

SECTION_SPECS: dict[str, RecordSpec] = {
    "bodies": BODIES,
    "threats": THREATS,
    "assessments": ASSESSMENTS,
    "requirements": REQUIREMENTS,
    "submissions": SUBMISSIONS,
    "meeting_series": MEETING_SERIES,
    "meetings": MEETINGS,
    "evaluations": EVALUATIONS,
    "governance_groups": GOVERNANCE_GROUPS,
    "action_plans": ACTION_PLANS,
    "control_strategies": CONTROL_STRATEGIES,
    "local_priorities": LOCAL_PRIORITIES,
    "operations": OPERATIONS,
    "referrals": REFERRALS,
}


def _specs_by_kind() -> dict[str, RecordSpec]:
    found: dict[str, RecordSpec] = {}

    def visit(spec: RecordSpec) -> None:
        if spec.kind is not None:
            found[spec.kind] = spec
        for nested in spec.nested:
            visit(nested.spec)

    for spec in SECTION_SPECS.values():
        visit(spec)
    return found


#: Every kind of record that has an id, and so can be referred to.
SPECS_BY_KIND = _specs_by_kind()
