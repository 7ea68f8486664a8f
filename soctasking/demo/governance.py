"""The demo's strategic governance groups and their strategic action plans.

The groups are those of the inspection's annex A: strategic governance
groups for cyber, economic crime, organised immigration crime, child sexual
exploitation and abuse, modern slavery and human trafficking, the newly
formed commodity group and borders, with their threat groups, boards and
delivery group. The private sector fraud group has not met for over a year;
the organised acquisitive crime group has no plan yet; two plans both claim
modern slavery; and no plan reported to the tactical group until October
2017 (see ``soctasking.demo.planted``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from soctasking.demo.timeline import AS_OF, NTTCG_REPORTED, iso, meeting_id

Record = dict[str, Any]


@dataclass(frozen=True)
class Group:
    """One governance group: its record, who sits on it beside its chair, and when it sat.

    ``sittings`` is given only where a group did not sit quarterly.
    """

    id: str
    name: str
    kind: str
    theme: str
    chair: str
    threats: tuple[str, ...]
    others: tuple[str, ...]
    parent: str | None = None
    formed: date = date(2015, 4, 1)
    sittings: dict[date, str] | None = None

    @property
    def members(self) -> tuple[str, ...]:
        return (self.chair, *self.others)

    def record(self) -> Record:
        record: Record = {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "theme": self.theme,
            "chair": self.chair,
            "threats": list(self.threats),
            "status": "active",
            "formed": iso(self.formed),
        }
        if self.parent is not None:
            record["parent"] = self.parent
        return record


#: The private sector fraud group last met in February 2017 (GOV001).
DORMANT_GROUP = "tg-private-sector-fraud"

_REGIONS = ("rocu-north-west", "rocu-south-east", "rocu-west-midlands", "rocu-eastern")

GROUPS: tuple[Group, ...] = (
    Group(
        "sgg-cyber",
        "Cyber strategic governance group",
        "sgg",
        "prosperity",
        "nca-nccu",
        ("cyber-crime",),
        ("nca-nih", "force-metropolitan", "gchq", *_REGIONS[:2]),
    ),
    Group(
        "tg-cyber-uk-victims",
        "Attacks on UK victims threat group",
        "threat_group",
        "prosperity",
        "nca-nccu",
        ("cyber-attacks-on-uk-victims",),
        ("force-city-of-london", "rocu-south-east"),
        parent="sgg-cyber",
    ),
    Group(
        "tg-cyber-uk-groups",
        "UK-based organised crime groups (cyber) threat group",
        "threat_group",
        "prosperity",
        "rocu-north-west",
        ("cyber-crime",),
        ("nca-nccu", "rocu-yorkshire-and-the-humber"),
        parent="sgg-cyber",
    ),
    Group(
        "tg-cyber-international-groups",
        "International organised crime groups (cyber) threat group",
        "threat_group",
        "prosperity",
        "nca-nccu",
        ("cyber-crime",),
        ("gchq", "nca-nih"),
        parent="sgg-cyber",
    ),
    Group(
        "tg-cyber-marketplace",
        "Online criminal marketplace threat group",
        "threat_group",
        "prosperity",
        "nca-nccu",
        ("cyber-online-marketplace",),
        ("rocu-eastern", "gchq"),
        parent="sgg-cyber",
    ),
    Group(
        "sgg-economic-crime",
        "Economic crime strategic governance group",
        "sgg",
        "prosperity",
        "nca-economic-crime",
        ("money-laundering", "fraud", "bribery-corruption-and-sanctions-evasion"),
        ("force-city-of-london", "hmrc", "serious-fraud-office", "fca", "nca-ukfiu"),
    ),
    Group(
        "tg-criminal-finance",
        "Criminal finance threat group",
        "threat_group",
        "prosperity",
        "nca-ukfiu",
        ("money-laundering", "high-end-money-laundering"),
        ("hmrc", "force-metropolitan", "rocu-north-west"),
        parent="sgg-economic-crime",
    ),
    Group(
        "tg-counterfeit-currency",
        "Counterfeit currency threat group",
        "threat_group",
        "prosperity",
        "nca-economic-crime",
        ("counterfeit-currency",),
        ("force-metropolitan", "rocu-eastern"),
        parent="sgg-economic-crime",
    ),
    Group(
        "tg-market-abuse",
        "Market abuse threat group",
        "threat_group",
        "prosperity",
        "fca",
        ("market-abuse",),
        ("nca-economic-crime", "serious-fraud-office"),
        parent="sgg-economic-crime",
    ),
    Group(
        "tg-bribery-corruption",
        "Bribery and corruption threat group",
        "threat_group",
        "prosperity",
        "serious-fraud-office",
        ("bribery-corruption-and-sanctions-evasion",),
        ("nca-economic-crime", "force-city-of-london"),
        parent="sgg-economic-crime",
    ),
    Group(
        "tg-public-sector-fraud",
        "Public sector fraud threat group",
        "threat_group",
        "prosperity",
        "hmrc",
        ("fraud-public-sector",),
        ("nca-economic-crime", "home-office"),
        parent="sgg-economic-crime",
    ),
    Group(
        DORMANT_GROUP,
        "Private sector fraud threat group",
        "threat_group",
        "prosperity",
        "force-city-of-london",
        ("fraud-private-sector",),
        ("nca-economic-crime", "fca"),
        parent="sgg-economic-crime",
        sittings={
            date(2016, 11, 16): "held",
            date(2017, 2, 15): "held",
            date(2017, 6, 14): "cancelled",
            date(2017, 9, 13): "cancelled",
        },
    ),
    Group(
        "sgg-oic",
        "Organised immigration crime strategic governance group",
        "sgg",
        "vulnerability",
        "nca-border-policing",
        ("organised-immigration-crime",),
        ("immigration-enforcement", "border-force", "rocu-south-east", "force-kent"),
    ),
    Group(
        "sgg-csea",
        "Child sexual exploitation and abuse strategic governance group",
        "sgg",
        "vulnerability",
        "nca-ceop",
        ("child-sexual-exploitation-and-abuse",),
        ("home-office", "force-metropolitan", *_REGIONS[2:]),
    ),
    Group(
        "bd-csea-pursue",
        "Child sexual exploitation and abuse pursue board",
        "board",
        "vulnerability",
        "nca-ceop",
        ("child-sexual-exploitation-and-abuse",),
        ("rocu-west-midlands", "force-west-midlands"),
        parent="sgg-csea",
    ),
    Group(
        "bd-csea-prevent",
        "Child sexual exploitation and abuse prevent board",
        "board",
        "vulnerability",
        "home-office",
        ("child-sexual-exploitation-and-abuse",),
        ("nca-ceop",),
        parent="sgg-csea",
    ),
    Group(
        "bd-csea-protect",
        "Child sexual exploitation and abuse protect board",
        "board",
        "vulnerability",
        "nca-ceop",
        ("cse-online",),
        ("home-office", "gchq"),
        parent="sgg-csea",
    ),
    Group(
        "bd-csea-prepare",
        "Child sexual exploitation and abuse prepare board",
        "board",
        "vulnerability",
        "force-greater-manchester",
        ("child-sexual-exploitation-and-abuse",),
        ("nca-ceop",),
        parent="sgg-csea",
    ),
    Group(
        "sgg-msht",
        "Modern slavery and human trafficking governance group",
        "sgg",
        "vulnerability",
        "nca-msht-unit",
        ("modern-slavery-and-human-trafficking",),
        ("glaa", "immigration-enforcement", "rocu-yorkshire-and-the-humber"),
    ),
    Group(
        "dg-msht",
        "Modern slavery threat and delivery group",
        "delivery_group",
        "vulnerability",
        "glaa",
        ("msht-labour-exploitation", "msht-sexual-exploitation"),
        ("nca-msht-unit", "rocu-eastern", "force-lincolnshire"),
        parent="sgg-msht",
    ),
    Group(
        "sgg-commodity",
        "Commodity strategic governance group",
        "sgg",
        "commodity",
        "nca-organised-crime",
        ("drugs", "firearms", "organised-acquisitive-crime"),
        ("border-force", "force-metropolitan", "rocu-north-west", "rocu-south-west"),
        formed=date(2017, 9, 1),
        sittings={date(2017, 10, 25): "held", date(2018, 1, 24): "held"},
    ),
    Group(
        "tg-drugs",
        "Drugs threat group",
        "threat_group",
        "commodity",
        "nca-organised-crime",
        ("drugs", "county-lines", "class-a-importation"),
        ("border-force", "british-transport-police", "rocu-south-west", "rocu-wales"),
        parent="sgg-commodity",
    ),
    Group(
        "tg-firearms",
        "Firearms threat group",
        "threat_group",
        "commodity",
        "nca-organised-crime",
        ("firearms", "firearms-importation"),
        ("force-metropolitan", "force-west-midlands", "force-greater-manchester", "border-force"),
        parent="sgg-commodity",
    ),
    Group(
        "tg-organised-acquisitive-crime",
        "Organised acquisitive crime threat group",
        "threat_group",
        "commodity",
        "force-west-midlands",
        ("organised-acquisitive-crime",),
        ("nca-organised-crime", "rocu-east-midlands", "british-transport-police"),
        parent="sgg-commodity",
    ),
    Group(
        "sgg-borders",
        "National Border Security Group",
        "sgg",
        "cross_cutting",
        "nca-border-policing",
        ("border-vulnerabilities",),
        ("border-force", "immigration-enforcement", "hmrc", "npac"),
    ),
    Group(
        "bd-borders-coordination",
        "Borders Coordination Board",
        "board",
        "cross_cutting",
        "border-force",
        ("border-vulnerabilities", "corruption-insider-threat"),
        ("nca-border-policing", "hmrc"),
        parent="sgg-borders",
    ),
)

# The child sexual exploitation and modern slavery groups did not sit during
# the inspection's fieldwork (April to July 2017).
NOT_SITTING_IN_SUMMER = frozenset({"sgg-csea", "sgg-msht"})


def governance_groups() -> list[Record]:
    return [group.record() for group in GROUPS]


# plan id -> (group, threats, approved, actions as (strand, owner, due, text)).
# Modern slavery appears in both the immigration and the modern slavery plans (GOV005).
PLANS: dict[str, tuple[str, tuple[str, ...], date, tuple[tuple[str, str, str, str], ...]]] = {
    "sap-cyber": (
        "sgg-cyber",
        ("cyber-crime", "cyber-attacks-on-uk-victims", "cyber-online-marketplace"),
        date(2017, 1, 18),
        (
            (
                "pursue",
                "nca-nccu",
                "2017-09-30",
                "Coordinate the response to the most harmful "
                "ransomware groups affecting UK victims.",
            ),
            (
                "prevent",
                "rocu-north-west",
                "2017-12-31",
                "Run intervention visits to young people buying denial of service tools.",
            ),
            (
                "protect",
                "force-city-of-london",
                "2018-06-30",
                "Publish protective advice to small "
                "businesses after every major ransomware campaign.",
            ),
            (
                "prepare",
                "nca-nccu",
                "2018-03-01",
                "Exercise the national response to a major "
                "cyber incident with every regional cyber crime unit.",
            ),
        ),
    ),
    "sap-criminal-finance": (
        "tg-criminal-finance",
        ("money-laundering", "high-end-money-laundering", "cash-based-money-laundering"),
        date(2017, 2, 1),
        (
            (
                "pursue",
                "nca-ukfiu",
                "2017-12-31",
                "Use unexplained wealth orders and account "
                "freezing orders against professional enablers as soon as they commence.",
            ),
            (
                "prevent",
                "fca",
                "2018-09-30",
                "Work with supervisors to raise suspicious activity "
                "reporting by trust and company service providers.",
            ),
            (
                "protect",
                "hmrc",
                "2017-10-31",
                "Close money service businesses used for cash "
                "laundering by revoking their registration.",
            ),
            (
                "prepare",
                "nca-ukfiu",
                "2018-06-30",
                "Set up a joint money laundering intelligence "
                "taskforce cell on property purchases.",
            ),
        ),
    ),
    "sap-private-sector-fraud": (
        "tg-private-sector-fraud",
        ("fraud", "fraud-private-sector"),
        date(2016, 10, 5),
        (
            (
                "pursue",
                "force-city-of-london",
                "2017-11-30",
                "Refresh the strategic action plan with the new chair and agree its owners.",
            ),
            (
                "prevent",
                "force-city-of-london",
                "2018-01-31",
                "Agree with the joint fraud taskforce which of its work meets this plan's needs.",
            ),
            (
                "protect",
                "fca",
                "2017-06-30",
                "Publish a joint alert on investment fraud boiler rooms.",
            ),
            (
                "prepare",
                "nca-economic-crime",
                "2018-09-30",
                "Map the fraud reporting gaps between the private sector and Action Fraud.",
            ),
        ),
    ),
    "sap-bribery-corruption": (
        "tg-bribery-corruption",
        ("bribery-corruption-and-sanctions-evasion",),
        date(2017, 3, 8),
        (
            (
                "pursue",
                "serious-fraud-office",
                "2017-12-31",
                "Prioritise bribery cases involving UK companies overseas.",
            ),
            (
                "protect",
                "nca-economic-crime",
                "2018-05-31",
                "Brief regulated sectors on sanctions evasion typologies.",
            ),
        ),
    ),
    "sap-oic": (
        "sgg-oic",
        (
            "organised-immigration-crime",
            "oic-clandestine-entry",
            "modern-slavery-and-human-trafficking",
        ),
        date(2017, 2, 15),
        (
            (
                "pursue",
                "nca-border-policing",
                "2017-09-30",
                "Target the facilitation networks "
                "behind clandestine entry through the short straits.",
            ),
            (
                "prevent",
                "immigration-enforcement",
                "2018-04-30",
                "Run awareness campaigns in source countries on the dangers of clandestine entry.",
            ),
            (
                "protect",
                "border-force",
                "2017-12-31",
                "Extend freight screening at the busiest roll-on roll-off ports.",
            ),
            (
                "prepare",
                "nca-border-policing",
                "2018-06-30",
                "Agree a joint response plan for mass clandestine arrivals.",
            ),
        ),
    ),
    "sap-msht": (
        "sgg-msht",
        (
            "modern-slavery-and-human-trafficking",
            "msht-labour-exploitation",
            "msht-sexual-exploitation",
        ),
        date(2017, 3, 1),
        (
            (
                "pursue",
                "nca-msht-unit",
                "2017-10-18",
                "Take down websites advertising victims of sexual exploitation.",
            ),
            (
                "prevent",
                "glaa",
                "2018-02-28",
                "Inspect labour providers in agriculture and food processing for forced labour.",
            ),
            (
                "protect",
                "nca-msht-unit",
                "2018-06-30",
                "Improve referrals through the national referral mechanism from every force.",
            ),
            (
                "prepare",
                "rocu-yorkshire-and-the-humber",
                "2018-01-31",
                "Train regional units in victim-centred investigation.",
            ),
        ),
    ),
    "sap-csea": (
        "sgg-csea",
        ("child-sexual-exploitation-and-abuse", "cse-online", "cse-transnational"),
        date(2016, 12, 7),
        (
            (
                "pursue",
                "nca-ceop",
                "2017-12-31",
                "Identify and arrest the highest-harm offenders on hidden services.",
            ),
            (
                "prevent",
                "home-office",
                "2018-09-30",
                "Fund education on online grooming for every secondary school.",
            ),
            (
                "protect",
                "nca-ceop",
                "2018-03-15",
                "Work with industry to block indecent images of children at upload.",
            ),
            (
                "prepare",
                "force-greater-manchester",
                "2018-06-30",
                "Give victims consistent support from report to trial.",
            ),
        ),
    ),
    "sap-drugs": (
        "tg-drugs",
        ("drugs", "county-lines", "class-a-importation"),
        date(2017, 3, 29),
        (
            (
                "pursue",
                "nca-organised-crime",
                "2017-12-31",
                "Coordinate intensification weeks against county lines with every region.",
            ),
            (
                "prevent",
                "home-office",
                "2018-06-30",
                "Safeguard children exploited as runners "
                "through the ending gang and youth violence programme.",
            ),
            (
                "protect",
                "british-transport-police",
                "2018-02-28",
                "Patrol the rail routes county lines runners use most.",
            ),
            (
                "pursue",
                "border-force",
                "2018-09-30",
                "Target cocaine concealments in refrigerated containers.",
            ),
        ),
    ),
    "sap-firearms": (
        "tg-firearms",
        ("firearms", "firearms-importation"),
        date(2017, 1, 25),
        (
            (
                "pursue",
                "nca-organised-crime",
                "2017-11-30",
                "Trace the workshop converting blank-firing pistols.",
            ),
            (
                "protect",
                "border-force",
                "2018-05-31",
                "Screen fast parcels from high-risk origins for firearms parts.",
            ),
            (
                "prepare",
                "force-west-midlands",
                "2018-01-31",
                "Share ballistic intelligence within 24 hours of every discharge.",
            ),
        ),
    ),
    "sap-borders": (
        "sgg-borders",
        ("border-vulnerabilities", "corruption-insider-threat"),
        date(2017, 2, 8),
        (
            (
                "protect",
                "border-force",
                "2017-12-31",
                "Raise the share of general aviation flights checked on arrival.",
            ),
            (
                "pursue",
                "nca-border-policing",
                "2018-07-31",
                "Investigate corrupt insiders at ports and airports.",
            ),
        ),
    ),
}

#: The plan whose group is dormant: two actions open past their due dates (GOV003).
OVERDUE_PLAN = "sap-private-sector-fraud"
_OVERDUE_ACTIONS = frozenset({"2017-11-30", "2018-01-31"})

_RATINGS = {"sap-private-sector-fraud": "red", "sap-oic": "amber", "sap-msht": "amber"}


def report_id(plan: str, nttcg: date) -> str:
    return f"{plan}.report-{iso(nttcg)}"


def reported_to(nttcg: date) -> list[str]:
    """The progress reports a sitting of the tactical group received."""
    if nttcg not in NTTCG_REPORTED:
        return []
    return [report_id(plan, nttcg) for plan in PLANS]


def action_plans() -> list[Record]:
    records: list[Record] = []
    for plan_id, (group, threats, approved, actions) in PLANS.items():
        plan_actions: list[Record] = []
        for number, (strand, owner, due, text) in enumerate(actions, start=1):
            past = date.fromisoformat(due) < AS_OF
            overdue = plan_id == OVERDUE_PLAN and due in _OVERDUE_ACTIONS
            plan_actions.append(
                {
                    "id": f"{plan_id}.action-{number}",
                    "text": text,
                    "owner": owner,
                    "due": due,
                    "status": "done" if past and not overdue else "open",
                    "threats": [threats[0]],
                    "strand": strand,
                }
            )
        rating = _RATINGS.get(plan_id, "green")
        reports = [
            {
                "id": report_id(plan_id, nttcg),
                "date": iso(nttcg - timedelta(days=7)),
                "to_meeting": meeting_id("nttcg", nttcg),
                "rating": rating,
                "summary": _summary(plan_id, rating),
            }
            for nttcg in NTTCG_REPORTED
        ]
        records.append(
            {
                "id": plan_id,
                "group": group,
                "threats": list(threats),
                "approved": iso(approved),
                "actions": plan_actions,
                "reports": reports,
            }
        )
    return records


def _summary(plan: str, rating: str) -> str:
    if plan == OVERDUE_PLAN:
        return (
            "The group has not met since February 2017. A new chair is in post, but the plan "
            "has not been refreshed and its owners are not agreed."
        )
    if rating == "amber":
        return (
            "Most actions are on track; the overlap with the other plan covering modern "
            "slavery needs resolving at the tactical group."
        )
    return "All actions on track; disruptions reported through the performance framework."
