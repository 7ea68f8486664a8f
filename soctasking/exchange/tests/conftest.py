"""Small bundles for the exchange tests, and a helper to load one from a dict."""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

import pytest

from soctasking.exchange.selectors import bundle_export
from soctasking.exchange.services import LoadReport, bundle_load


def load(document: dict[str, Any], acting_user: Any = None) -> LoadReport:
    return bundle_load(source=json.dumps(document).encode(), acting_user=acting_user)


def export_text(user: Any = None) -> str:
    out = io.StringIO()
    bundle_export(out=out, user=user)
    return out.getvalue()


def bundle(**sections: Any) -> dict[str, Any]:
    return {"format": "soctasking.bundle", "version": 1, **sections}


TEXT = "Deal lines run from Liverpool into Cumbria; cuckooing reported in Barrow."


@pytest.fixture
def every_section() -> dict[str, Any]:
    """A picture that uses every section and every key of bundle.md at least once."""
    return bundle(
        as_of="2018-03-31",
        bodies=[
            {
                "id": "nca",
                "name": "National Crime Agency",
                "kind": "national_agency",
                "nation": "uk",
                "national_remit": True,
            },
            {
                "id": "nac",
                "name": "National Assessment Centre",
                "kind": "national_unit",
                "parent": "nca",
                "nation": "uk",
            },
            {
                "id": "rocu-nw",
                "name": "North West ROCU",
                "kind": "rocu",
                "nation": "england",
                "region": "north-west",
            },
            {
                "id": "force-cumbria",
                "name": "Cumbria Constabulary",
                "kind": "police_force",
                "nation": "england",
                "region": "north-west",
            },
        ],
        threats=[
            {
                "id": "drugs",
                "name": "Drugs",
                "kind": "threat",
                "theme": "commodity",
                "keywords": ["cocaine", "heroin"],
            },
            {
                "id": "county-lines",
                "name": "County lines",
                "kind": "sub_threat",
                "parent": "drugs",
                "theme": "vulnerability",
                "keywords": ["deal line", "cuckooing"],
            },
            {"id": "firearms", "name": "Firearms", "kind": "threat", "theme": "commodity"},
            {"id": "borders", "name": "Borders", "kind": "vulnerability", "theme": "cross_cutting"},
        ],
        assessments=[
            {
                "id": "nsa-2017",
                "title": "NSA 2017",
                "kind": "national_strategic",
                "period": {"start": "2017-04-01", "end": "2018-03-31"},
                "status": "superseded",
                "issued": "2017-03-01",
                "threats": ["drugs"],
            },
            {
                "id": "nsa-2018",
                "title": "NSA 2018",
                "kind": "national_strategic",
                "period": {"start": "2018-04-01", "end": "2019-03-31"},
                "status": "approved",
                "issued": "2018-03-01",
                "supersedes": "nsa-2017",
                "threats": ["drugs", "county-lines", "firearms"],
                "vulnerabilities": ["borders"],
            },
        ],
        requirements=[
            {
                "id": "nir-2017",
                "period": {"start": "2017-04-01", "end": "2018-03-31"},
                "issued": "2017-03-15",
                "threats": [
                    {"threat": "drugs", "collection_priority": "high"},
                    {"threat": "firearms"},
                ],
                "timetable": [
                    {
                        "id": "nir-2017.q1-nw",
                        "body": "rocu-nw",
                        "product": "tactical_assessment",
                        "due": "2017-07-15",
                        "window_start": "2017-07-01",
                        "deliver_to": "nac",
                        "for_assessment": "nsa-2018",
                    },
                    {
                        "id": "nir-2017.sa-nw",
                        "body": "rocu-nw",
                        "product": "strategic_assessment",
                        "due": "2017-11-30",
                        "deliver_to": "nac",
                    },
                ],
                "acknowledgements": [{"body": "rocu-nw", "date": "2017-03-20"}],
            },
        ],
        submissions=[
            {
                "id": "sub-1",
                "title": "North West tactical assessment Q1",
                "body": "rocu-nw",
                "kind": "tactical_assessment",
                "received": "2017-07-10T09:30:00+00:00",
                "received_by": "nac",
                "channel": "email",
                "period": {"start": "2017-04-01", "end": "2017-06-30"},
                "threats": ["drugs", "county-lines"],
                "themes": ["county lines"],
                "grading": {
                    "source": "1",
                    "intelligence": "b",
                    "handling": "c",
                    "conditions": "Not for onward dissemination",
                },
                "classification": "secret",
                "compartments": ["chis"],
                "text": TEXT,
                "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
            },
            {
                "id": "sub-2",
                "title": "Cumbria intelligence report",
                "body": "force-cumbria",
                "kind": "intelligence_report",
                "received": "2017-08-01T14:00:00+00:00",
                "received_by": "rocu-nw",
                "channel": "upload",
                "grading": {"source": "2", "intelligence": "c", "handling": "p"},
                "text": "A runner was seen at Barrow station.",
            },
        ],
        meeting_series=[
            {
                "id": "nstcg",
                "name": "National strategic tasking and coordination group",
                "kind": "nstcg",
                "chair": "nca",
                "cadence": "six_monthly",
                "members": ["nca", "rocu-nw"],
                "expected_members": ["nca", "rocu-nw", "force-cumbria"],
            },
            {
                "id": "nsig",
                "name": "National strategic intelligence group",
                "kind": "nsig",
                "chair": "nac",
                "cadence": "six_monthly",
                "members": ["nac"],
                "precedes": {"series": "nstcg", "window_days": 28, "min_lead_days": 7},
            },
            {
                "id": "drugs-tg",
                "name": "Drugs threat group",
                "kind": "threat_group",
                "cadence": "quarterly",
                "governance_group": "drugs-group",
            },
        ],
        meetings=[
            {
                "id": "nsig-2018-1",
                "series": "nsig",
                "date": "2018-03-05",
                "status": "held",
                "attended": ["nac"],
            },
            {
                "id": "nstcg-2018-1",
                "series": "nstcg",
                "date": "2018-03-20",
                "status": "held",
                "attended": ["nca", "rocu-nw"],
                "invited": ["nca", "rocu-nw", "force-cumbria"],
                "decisions": [
                    {
                        "id": "dec-1",
                        "kind": "adopt_priority_threats",
                        "threats": ["drugs", "firearms"],
                        "text": "Priority threats for 2018-19",
                        "rationale": "Highest harm scores",
                        "evaluation": "eval-2018",
                        "recommended_by": "nsig-2018-1",
                    },
                    {
                        "id": "dec-2",
                        "kind": "collection_priority",
                        "threats": ["county-lines"],
                        "text": "Collect on county lines",
                    },
                ],
                "actions": [
                    {
                        "id": "act-1",
                        "owner": "rocu-nw",
                        "text": "Map county lines into Cumbria",
                        "due": "2018-06-30",
                        "status": "done",
                        "threats": ["county-lines"],
                        "completed": "2018-06-01",
                    },
                ],
                "reports_received": ["rep-1"],
                "updates": [
                    {"body": "rocu-nw", "threats": ["drugs"], "text": "Two lines closed"},
                    {"body": "nca", "text": "Nothing to add"},
                ],
            },
            {
                "id": "drugs-tg-2017-4",
                "series": "drugs-tg",
                "date": "2017-12-01",
                "status": "cancelled",
            },
        ],
        evaluations=[
            {
                "id": "eval-2018",
                "assessment": "nsa-2018",
                "method": "morile",
                "date": "2018-03-01",
                "meeting": "nsig-2018-1",
                "scores": [
                    {
                        "threat": "drugs",
                        "dimensions": {"harm": 4, "likelihood": 3.5},
                        "total": 14,
                        "rank": 1,
                        "arguments_for": ["Widest harm"],
                        "arguments_against": ["Well served"],
                        "recommendation": "priority",
                    },
                    {
                        "threat": "firearms",
                        "dimensions": {"harm": 5, "likelihood": 2.5},
                        "total": 12.5,
                        "rank": 2,
                        "recommendation": "priority",
                    },
                ],
            },
        ],
        governance_groups=[
            {
                "id": "commodities-sgg",
                "name": "Commodities SGG",
                "kind": "sgg",
                "theme": "commodity",
                "chair": "nca",
                "status": "active",
                "formed": "2016-05-01",
            },
            {
                "id": "drugs-group",
                "name": "Drugs threat group",
                "kind": "threat_group",
                "theme": "commodity",
                "parent": "commodities-sgg",
                "threats": ["drugs"],
                "status": "forming",
            },
        ],
        action_plans=[
            {
                "id": "sap-drugs",
                "group": "drugs-group",
                "threats": ["drugs", "county-lines"],
                "approved": "2017-06-01",
                "actions": [
                    {
                        "id": "sap-drugs.1",
                        "text": "Disrupt lines",
                        "owner": "rocu-nw",
                        "due": "2018-01-31",
                        "status": "open",
                        "threats": ["county-lines"],
                        "strand": "pursue",
                    }
                ],
                "reports": [
                    {
                        "id": "rep-1",
                        "date": "2018-03-10",
                        "to_meeting": "nstcg-2018-1",
                        "rating": "amber",
                        "summary": "Behind on two actions",
                    }
                ],
            },
        ],
        control_strategies=[
            {
                "id": "cs-2018",
                "based_on": "nsa-2018",
                "status": "approved",
                "approved_by": "nstcg-2018-1",
                "entries": [
                    {
                        "threat": "drugs",
                        "level": "priority",
                        "response": {
                            "intelligence": "Map",
                            "prevention": "Educate",
                            "enforcement": "Arrest",
                        },
                    },
                    {"threat": "borders", "level": "listed"},
                ],
            },
        ],
        local_priorities=[
            {
                "id": "lp-cumbria-2017",
                "body": "force-cumbria",
                "period": {"start": "2017-04-01", "end": "2018-03-31"},
                "source": "police_and_crime_plan",
                "priorities": [{"threat": "county-lines"}, {"theme": "rural crime"}],
            },
        ],
        operations=[
            {
                "id": "op-nightjar",
                "name": "Nightjar",
                "body": "rocu-nw",
                "opened": "2017-05-01",
                "status": "closed",
                "closed": "2018-02-01",
                "threats": ["county-lines"],
                "covert_authorities": [
                    {
                        "id": "ca-1",
                        "kind": "chis",
                        "granted": "2017-05-10",
                        "expires": "2018-05-10",
                        "last_used": "2017-09-01",
                    }
                ],
                "activity": [
                    {"date": "2017-06-01", "kind": "search", "note": "Address in Barrow"},
                    {"date": "2017-06-02", "kind": "arrest"},
                ],
                "disruptions": [
                    {
                        "id": "dis-1",
                        "date": "2017-06-02",
                        "level": "moderate",
                        "threats": ["county-lines"],
                        "note": "Line closed",
                        "outcomes": {
                            "arrests": 3,
                            "charges": 2,
                            "convictions": 0,
                            "drugs_kg": 1.25,
                            "firearms": 1,
                            "cash_gbp": 12000,
                            "assets_denied_gbp": 0,
                        },
                    }
                ],
            },
        ],
        referrals=[
            {
                "id": "ref-1",
                "subject": "Support for a firearms job",
                "from_body": "rocu-nw",
                "kind": "support",
                "submitted": "2018-02-01",
                "route": "urgent",
                "threats": ["firearms"],
                "status": "accepted",
                "decided": "2018-02-02",
            },
        ],
    )


def empty_picture() -> None:
    """Delete every record of the picture, as if the installation were new.

    Records that protect their parents (sub-threats, units, series that
    precede others) are detached first; the bundle's own rules are not
    exercised here, only emptied.
    """
    from soctasking.bodies.models import Body
    from soctasking.exchange.models import BundleLoad
    from soctasking.governance.models import ActionPlan, ControlStrategy, GovernanceGroup
    from soctasking.intelligence.models import Assessment, Requirement, Submission
    from soctasking.local_priorities.models import LocalPriority
    from soctasking.meetings.models import Meeting, MeetingSeries
    from soctasking.operations.models import Operation
    from soctasking.prioritisation.models import Evaluation
    from soctasking.referrals.models import Referral
    from soctasking.threats.models import Threat

    for model in (
        Referral,
        Operation,
        LocalPriority,
        ControlStrategy,
        ActionPlan,
        Meeting,
        Evaluation,
        Submission,
        Requirement,
        Assessment,
        BundleLoad,
    ):
        model.objects.all().delete()
    MeetingSeries.objects.update(precedes=None)
    MeetingSeries.objects.all().delete()
    GovernanceGroup.objects.update(parent=None)
    GovernanceGroup.objects.all().delete()
    while Threat.objects.exists():
        # Leaves first: a sub-threat must keep its parent while it exists.
        Threat.objects.filter(sub_threats__isnull=True).delete()
    Body.objects.update(parent=None)
    Body.objects.all().delete()
