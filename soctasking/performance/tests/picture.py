"""Two quarters of returns, 2026-Q2 and 2026-Q3, whose report figures are worked out by hand.

Priorities: drugs and firearms from 15 March 2026, fraud joining them on
1 August. Kent adopts county lines (so drugs) all year, Essex firearms
from July, the Eastern ROCU fraud all year. Open operations: on 30 June
two of four are against a priority (op-drugs through county lines, and
op-firearms); on 30 September two of three (op-firearms closed in August,
op-fraud's threat became a priority).
"""

from __future__ import annotations

from datetime import date, timedelta

from soctasking.testing.factories import (
    BodyFactory,
    DecisionFactory,
    DisruptionFactory,
    LocalPriorityEntryFactory,
    LocalPriorityFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OperationFactory,
    RequirementFactory,
    SubmissionFactory,
    ThreatFactory,
    TimetableRowFactory,
)

QUARTER = "2026-Q3"


def _adopt(threats, on):
    decision = DecisionFactory(
        kind="adopt_priority_threats",
        meeting=MeetingFactory(series=MeetingSeriesFactory(kind="nstcg"), date=on, status="held"),
    )
    decision.threats.set(threats)


def _local_priority(body, threat, start, end=date(2027, 3, 31)):
    LocalPriorityEntryFactory(
        local_priority=LocalPriorityFactory(body=body, period_start=start, period_end=end),
        threat=threat,
    )


def two_quarters_of_returns() -> None:
    drugs = ThreatFactory(id="drugs", name="Drugs")
    county_lines = ThreatFactory(id="county-lines", name="County lines", kind="sub_threat",
                                 parent=drugs)  # fmt: skip
    firearms = ThreatFactory(id="firearms", name="Firearms")
    fraud = ThreatFactory(id="fraud", name="Fraud")
    kent = BodyFactory(id="kent", name="Kent Police", kind="police_force")
    essex = BodyFactory(id="essex", name="Essex Police", kind="police_force")
    eastern = BodyFactory(id="rocu-east", name="Eastern ROCU", kind="rocu")
    nac = BodyFactory(id="nca-nac", name="National Assessment Centre", kind="national_unit")

    _adopt([drugs, firearms], date(2026, 3, 15))
    _adopt([drugs, firearms, fraud], date(2026, 8, 1))
    _local_priority(kent, county_lines, date(2026, 4, 1))
    _local_priority(essex, firearms, date(2026, 7, 1))
    _local_priority(eastern, fraud, date(2026, 4, 1))

    op_drugs = OperationFactory(id="op-drugs", body=kent, opened=date(2026, 1, 10),
                                threats=[county_lines])  # fmt: skip
    op_fraud = OperationFactory(id="op-fraud", body=eastern, opened=date(2026, 2, 1),
                                threats=[fraud])  # fmt: skip
    OperationFactory(id="op-none", body=essex, opened=date(2026, 5, 1))
    op_firearms = OperationFactory(id="op-firearms", body=essex, opened=date(2026, 1, 1),
                                   status="closed", closed=date(2026, 8, 15),
                                   threats=[firearms])  # fmt: skip

    def disruption(operation, on, level, threats, **outcomes):
        made = DisruptionFactory(operation=operation, date=on, level=level, **outcomes)
        made.threats.set(threats)

    # 2026-Q3: three disruptions.
    disruption(op_drugs, date(2026, 7, 15), "major", [drugs], arrests=5, charges=4,
               convictions=2, drugs_kg=12.5, cash_gbp=25000.0)  # fmt: skip
    disruption(op_fraud, date(2026, 8, 20), "moderate", [fraud], arrests=2, charges=1,
               assets_denied_gbp=150000.0)  # fmt: skip
    disruption(op_drugs, date(2026, 9, 30), "minor", [drugs, firearms], firearms=3)
    # 2026-Q2: two.
    disruption(op_firearms, date(2026, 5, 10), "moderate", [firearms], arrests=1, firearms=2)
    disruption(op_drugs, date(2026, 6, 30), "minor", [drugs], drugs_kg=1.25)
    # Either side of the two quarters: in neither.
    disruption(op_drugs, date(2026, 3, 31), "major", [drugs], arrests=40)
    disruption(op_drugs, date(2026, 10, 1), "major", [drugs], arrests=50)

    requirement = RequirementFactory(id="nir-2026", period_start=date(2026, 4, 1),
                                     period_end=date(2027, 3, 31),
                                     issued=date(2026, 3, 20))  # fmt: skip

    def row(body, due, sent=None):
        TimetableRowFactory(requirement=requirement, body=body, due=due,
                            window_start=due - timedelta(days=30), deliver_to=nac)  # fmt: skip
        if sent is not None:
            SubmissionFactory(body=body, kind="tactical_assessment", received_by=nac,
                              received=f"{sent}T12:00Z")  # fmt: skip

    row(kent, date(2026, 5, 15), sent=date(2026, 5, 14))  # on time
    row(eastern, date(2026, 6, 20))  # missing
    row(kent, date(2026, 8, 15), sent=date(2026, 8, 20))  # late
    row(essex, date(2026, 9, 10), sent=date(2026, 9, 1))  # on time
