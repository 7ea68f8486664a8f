"""The demo picture: a year of national tasking, as one bundle (spec/bundle.md).

``demo_bundle()`` assembles the sections the other modules of this package
generate. Every random choice comes from a generator seeded with a fixed
string and every date from ``soctasking.demo.timeline``, so two calls give
equal documents, and a change to one section leaves the others as they were.
"""

from __future__ import annotations

from typing import Any

from soctasking.demo import (
    casework,
    catalogue,
    cycle,
    decisions,
    governance,
    intelligence,
    strategy,
)
from soctasking.demo.timeline import AS_OF, iso

BUNDLE_FORMAT = "soctasking.bundle"
BUNDLE_VERSION = 1


def demo_bundle() -> dict[str, Any]:
    """The whole demo picture as of 31 March 2018, ready to serialise as JSON."""
    return {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "as_of": iso(AS_OF),
        "bodies": catalogue.bodies(),
        "threats": catalogue.threats(),
        "assessments": intelligence.assessments(),
        "requirements": intelligence.requirements(),
        "submissions": intelligence.submissions(),
        "meeting_series": cycle.meeting_series(),
        "meetings": cycle.meetings(),
        "evaluations": decisions.evaluations(),
        "governance_groups": governance.governance_groups(),
        "action_plans": governance.action_plans(),
        "control_strategies": strategy.control_strategies(),
        "local_priorities": strategy.local_priorities(),
        "operations": casework.operations(),
        "referrals": casework.referrals(),
    }
