"""Who takes part and what they tackle: the demo's bodies and national threat catalogue.

The bodies are real: the 43 territorial police forces of England and Wales,
the nine regional organised crime units, the national forces and agencies,
and the National Crime Agency with the units the 2018 inspection names. The
threats follow the themes of the 2017-18 national strategic assessment
(spec/domain.md). Everything they do in the demo is invented.
"""

from __future__ import annotations

from typing import Any

Record = dict[str, Any]

# (id suffix, name, region) for each territorial force; London's two forces
# have no regional unit since the London ROCU was disbanded.
FORCES: tuple[tuple[str, str, str], ...] = (
    ("cleveland", "Cleveland Police", "north-east"),
    ("durham", "Durham Constabulary", "north-east"),
    ("northumbria", "Northumbria Police", "north-east"),
    ("cheshire", "Cheshire Constabulary", "north-west"),
    ("cumbria", "Cumbria Constabulary", "north-west"),
    ("greater-manchester", "Greater Manchester Police", "north-west"),
    ("lancashire", "Lancashire Constabulary", "north-west"),
    ("merseyside", "Merseyside Police", "north-west"),
    ("humberside", "Humberside Police", "yorkshire-and-the-humber"),
    ("north-yorkshire", "North Yorkshire Police", "yorkshire-and-the-humber"),
    ("south-yorkshire", "South Yorkshire Police", "yorkshire-and-the-humber"),
    ("west-yorkshire", "West Yorkshire Police", "yorkshire-and-the-humber"),
    ("derbyshire", "Derbyshire Constabulary", "east-midlands"),
    ("leicestershire", "Leicestershire Police", "east-midlands"),
    ("lincolnshire", "Lincolnshire Police", "east-midlands"),
    ("northamptonshire", "Northamptonshire Police", "east-midlands"),
    ("nottinghamshire", "Nottinghamshire Police", "east-midlands"),
    ("staffordshire", "Staffordshire Police", "west-midlands"),
    ("warwickshire", "Warwickshire Police", "west-midlands"),
    ("west-mercia", "West Mercia Police", "west-midlands"),
    ("west-midlands", "West Midlands Police", "west-midlands"),
    ("bedfordshire", "Bedfordshire Police", "eastern"),
    ("cambridgeshire", "Cambridgeshire Constabulary", "eastern"),
    ("essex", "Essex Police", "eastern"),
    ("hertfordshire", "Hertfordshire Constabulary", "eastern"),
    ("norfolk", "Norfolk Constabulary", "eastern"),
    ("suffolk", "Suffolk Constabulary", "eastern"),
    ("hampshire", "Hampshire Constabulary", "south-east"),
    ("kent", "Kent Police", "south-east"),
    ("surrey", "Surrey Police", "south-east"),
    ("sussex", "Sussex Police", "south-east"),
    ("thames-valley", "Thames Valley Police", "south-east"),
    ("avon-and-somerset", "Avon and Somerset Constabulary", "south-west"),
    ("devon-and-cornwall", "Devon and Cornwall Police", "south-west"),
    ("dorset", "Dorset Police", "south-west"),
    ("gloucestershire", "Gloucestershire Constabulary", "south-west"),
    ("wiltshire", "Wiltshire Police", "south-west"),
    ("dyfed-powys", "Dyfed-Powys Police", "wales"),
    ("gwent", "Gwent Police", "wales"),
    ("north-wales", "North Wales Police", "wales"),
    ("south-wales", "South Wales Police", "wales"),
    ("metropolitan", "Metropolitan Police Service", "london"),
    ("city-of-london", "City of London Police", "london"),
)

# (region, name) of each regional organised crime unit; the region is the id suffix.
ROCUS: tuple[tuple[str, str], ...] = (
    ("north-east", "North East ROCU (NERSOU)"),
    ("north-west", "North West ROCU (Titan)"),
    ("yorkshire-and-the-humber", "Yorkshire and the Humber ROCU"),
    ("east-midlands", "East Midlands ROCU (EMSOU)"),
    ("west-midlands", "West Midlands ROCU"),
    ("eastern", "Eastern ROCU (ERSOU)"),
    ("south-east", "South East ROCU (SEROCU)"),
    ("south-west", "South West ROCU (Zephyr)"),
    ("wales", "Wales ROCU (Tarian)"),
)

# City of London Police leads the police response to economic crime nationally.
_NATIONAL_REMIT_FORCES = frozenset({"city-of-london"})

# (id, name, kind, nation, national remit, parent) of the national bodies.
NATIONAL_BODIES: tuple[tuple[str, str, str, str, bool, str | None], ...] = (
    ("nca", "National Crime Agency", "national_agency", "uk", True, None),
    ("nca-nac", "National Assessment Centre", "national_unit", "uk", True, "nca"),
    ("nca-nih", "National Intelligence Hub", "national_unit", "uk", True, "nca"),
    ("nca-rocc", "Regional Organised Crime Coordinators", "national_unit", "uk", True, "nca"),
    ("nca-tasking", "National Tasking", "national_unit", "uk", True, "nca"),
    (
        "nca-ceop",
        "Child Exploitation and Online Protection Command",
        "national_unit",
        "uk",
        True,
        "nca",
    ),
    ("nca-nccu", "National Cyber Crime Unit", "national_unit", "uk", True, "nca"),
    (
        "nca-msht-unit",
        "Modern Slavery and Human Trafficking Unit",
        "national_unit",
        "uk",
        True,
        "nca",
    ),
    ("nca-ukfiu", "UK Financial Intelligence Unit", "national_unit", "uk", True, "nca"),
    ("nca-economic-crime", "Economic Crime Command", "national_unit", "uk", True, "nca"),
    ("nca-border-policing", "Border Policing Command", "national_unit", "uk", True, "nca"),
    ("nca-organised-crime", "Organised Crime Command", "national_unit", "uk", True, "nca"),
    ("british-transport-police", "British Transport Police", "police_force", "uk", True, None),
    ("ministry-of-defence-police", "Ministry of Defence Police", "police_force", "uk", True, None),
    ("civil-nuclear-constabulary", "Civil Nuclear Constabulary", "police_force", "uk", True, None),
    ("police-scotland", "Police Scotland", "police_force", "scotland", False, None),
    ("psni", "Police Service of Northern Ireland", "police_force", "northern_ireland", False, None),
    ("border-force", "Border Force", "law_enforcement_agency", "uk", True, None),
    ("hmrc", "HM Revenue and Customs", "law_enforcement_agency", "uk", True, None),
    (
        "immigration-enforcement",
        "Immigration Enforcement",
        "law_enforcement_agency",
        "uk",
        True,
        None,
    ),
    ("serious-fraud-office", "Serious Fraud Office", "law_enforcement_agency", "uk", True, None),
    ("glaa", "Gangmasters and Labour Abuse Authority", "law_enforcement_agency", "uk", True, None),
    ("hmpps", "HM Prison and Probation Service", "government", "uk", True, None),
    (
        "npicc",
        "National Prison Intelligence Coordination Centre",
        "national_unit",
        "uk",
        True,
        "hmpps",
    ),
    ("npac", "National Ports Analysis Centre", "national_unit", "uk", True, None),
    ("fca", "Financial Conduct Authority", "regulator", "uk", True, None),
    ("security-service", "Security Service", "security_agency", "uk", True, None),
    ("gchq", "Government Communications Headquarters", "security_agency", "uk", True, None),
    ("home-office", "Home Office", "government", "uk", False, None),
    (
        "hmicfrs",
        "HM Inspectorate of Constabulary and Fire & Rescue Services",
        "government",
        "uk",
        False,
        None,
    ),
)

FORCE_IDS: tuple[str, ...] = tuple(f"force-{suffix}" for suffix, _, _ in FORCES)
ROCU_IDS: tuple[str, ...] = tuple(f"rocu-{region}" for region, _ in ROCUS)
BODY_NAMES: dict[str, str] = {
    **{f"force-{suffix}": name for suffix, name, _ in FORCES},
    **{f"rocu-{region}": name for region, name in ROCUS},
    **{body_id: name for body_id, name, *_ in NATIONAL_BODIES},
}


def bodies() -> list[Record]:
    """Every body of the demo, parents before their units."""
    records: list[Record] = []
    for body_id, name, kind, nation, remit, parent in NATIONAL_BODIES:
        record: Record = {"id": body_id, "name": name, "kind": kind, "nation": nation}
        if parent is not None:
            record["parent"] = parent
        if remit:
            record["national_remit"] = True
        records.append(record)
    for region, name in ROCUS:
        nation = "wales" if region == "wales" else "england"
        records.append(
            {
                "id": f"rocu-{region}",
                "name": name,
                "kind": "rocu",
                "nation": nation,
                "region": region,
            }
        )
    for suffix, name, region in FORCES:
        record = {
            "id": f"force-{suffix}",
            "name": name,
            "kind": "police_force",
            "nation": "wales" if region == "wales" else "england",
            "region": region,
        }
        if suffix in _NATIONAL_REMIT_FORCES:
            record["national_remit"] = True
        records.append(record)
    return records


# (id, name, kind, parent, theme, keywords). Keywords are the words that signal
# a threat in text; "county lines" is deliberately only the sub-threat's, so
# that an assessment leaving the sub-threat out does not cover it by the
# parent's keywords.
THREATS: tuple[tuple[str, str, str, str | None, str, tuple[str, ...]], ...] = (
    (
        "child-sexual-exploitation-and-abuse",
        "Child sexual exploitation and abuse",
        "threat",
        None,
        "vulnerability",
        (
            "child sexual exploitation",
            "child sexual abuse",
            "indecent images of children",
            "online grooming",
        ),
    ),
    (
        "cse-online",
        "Online child sexual exploitation",
        "sub_threat",
        "child-sexual-exploitation-and-abuse",
        "vulnerability",
        ("online grooming", "livestreamed abuse", "hidden services"),
    ),
    (
        "cse-transnational",
        "Transnational child sex offending",
        "sub_threat",
        "child-sexual-exploitation-and-abuse",
        "vulnerability",
        ("travelling sex offenders", "overseas offending"),
    ),
    (
        "modern-slavery-and-human-trafficking",
        "Modern slavery and human trafficking",
        "threat",
        None,
        "vulnerability",
        ("modern slavery", "human trafficking", "forced labour", "debt bondage"),
    ),
    (
        "msht-labour-exploitation",
        "Labour exploitation",
        "sub_threat",
        "modern-slavery-and-human-trafficking",
        "vulnerability",
        ("forced labour", "hand car washes", "nail bars", "agricultural gangs"),
    ),
    (
        "msht-sexual-exploitation",
        "Sexual exploitation",
        "sub_threat",
        "modern-slavery-and-human-trafficking",
        "vulnerability",
        ("brothels", "adult services websites"),
    ),
    (
        "organised-immigration-crime",
        "Organised immigration crime",
        "threat",
        None,
        "vulnerability",
        ("organised immigration crime", "people smuggling", "facilitation", "clandestine entry"),
    ),
    (
        "oic-clandestine-entry",
        "Clandestine entry",
        "sub_threat",
        "organised-immigration-crime",
        "vulnerability",
        ("clandestine entry", "concealed in lorries", "freight"),
    ),
    (
        "oic-document-fraud",
        "Document fraud and sham marriage",
        "sub_threat",
        "organised-immigration-crime",
        "vulnerability",
        ("forged documents", "sham marriage", "impostor"),
    ),
    (
        "money-laundering",
        "Money laundering",
        "threat",
        None,
        "prosperity",
        ("money laundering", "cash smuggling", "money service businesses", "money mules"),
    ),
    (
        "high-end-money-laundering",
        "High-end money laundering",
        "sub_threat",
        "money-laundering",
        "prosperity",
        (
            "high-end money laundering",
            "professional enablers",
            "trust and company service providers",
            "property purchases",
        ),
    ),
    (
        "cash-based-money-laundering",
        "Cash-based money laundering",
        "sub_threat",
        "money-laundering",
        "prosperity",
        ("cash collection", "cash couriers"),
    ),
    (
        "fraud",
        "Fraud",
        "threat",
        None,
        "prosperity",
        ("fraud", "investment fraud", "mandate fraud", "courier fraud", "boiler room"),
    ),
    (
        "fraud-private-sector",
        "Private sector fraud",
        "sub_threat",
        "fraud",
        "prosperity",
        ("insurance fraud", "mandate fraud", "payment diversion"),
    ),
    (
        "fraud-public-sector",
        "Public sector fraud",
        "sub_threat",
        "fraud",
        "prosperity",
        ("benefit fraud", "procurement fraud", "tax credits"),
    ),
    (
        "counterfeit-currency",
        "Counterfeit currency",
        "sub_threat",
        "fraud",
        "prosperity",
        ("counterfeit banknotes",),
    ),
    (
        "market-abuse",
        "Market abuse",
        "sub_threat",
        "fraud",
        "prosperity",
        ("insider dealing", "market manipulation"),
    ),
    (
        "bribery-corruption-and-sanctions-evasion",
        "Bribery, corruption and sanctions evasion",
        "threat",
        None,
        "prosperity",
        ("bribery", "corruption", "sanctions evasion", "politically exposed persons"),
    ),
    (
        "cyber-crime",
        "Cyber crime",
        "threat",
        None,
        "prosperity",
        ("cyber crime", "ransomware", "distributed denial of service", "malware", "data breach"),
    ),
    (
        "cyber-attacks-on-uk-victims",
        "Attacks on UK victims",
        "sub_threat",
        "cyber-crime",
        "prosperity",
        ("ransomware", "network intrusion"),
    ),
    (
        "cyber-online-marketplace",
        "Online criminal marketplace",
        "sub_threat",
        "cyber-crime",
        "prosperity",
        ("dark web markets", "carding forums"),
    ),
    (
        "firearms",
        "Firearms",
        "threat",
        None,
        "commodity",
        ("firearms", "converted weapons", "ammunition", "antique firearms", "handguns"),
    ),
    (
        "firearms-importation",
        "Illegal importation of firearms",
        "sub_threat",
        "firearms",
        "commodity",
        ("fast parcels", "weapons importation"),
    ),
    (
        "drugs",
        "Drugs",
        "threat",
        None,
        "commodity",
        (
            "drug trafficking",
            "cocaine",
            "heroin",
            "cannabis cultivation",
            "synthetic opioids",
            "fentanyl",
        ),
    ),
    (
        "county-lines",
        "County lines",
        "sub_threat",
        "drugs",
        "commodity",
        ("county lines", "deal line", "cuckooing"),
    ),
    (
        "class-a-importation",
        "Class A drug importation",
        "sub_threat",
        "drugs",
        "commodity",
        ("cocaine importation", "heroin importation", "container"),
    ),
    (
        "organised-acquisitive-crime",
        "Organised acquisitive crime",
        "threat",
        None,
        "commodity",
        ("burglary", "vehicle crime", "metal theft", "cash-in-transit robbery", "plant theft"),
    ),
    (
        "border-vulnerabilities",
        "Border vulnerabilities",
        "vulnerability",
        None,
        "cross_cutting",
        ("border", "general aviation", "general maritime", "ports"),
    ),
    (
        "prisons",
        "Prisons",
        "vulnerability",
        None,
        "cross_cutting",
        ("prison", "mobile phones in prison", "drones over prisons"),
    ),
    (
        "corruption-insider-threat",
        "Corruption and the insider threat",
        "vulnerability",
        None,
        "cross_cutting",
        ("insider threat", "corrupt officials", "border corruption"),
    ),
    (
        "criminal-use-of-internet-technology",
        "Criminal use of internet technology",
        "vulnerability",
        None,
        "cross_cutting",
        ("dark web", "cryptocurrency", "anonymisation"),
    ),
    # The wider wording the control strategy used, which no assessment ever had.
    (
        "criminal-use-of-technology",
        "Criminal use of technology",
        "vulnerability",
        None,
        "cross_cutting",
        ("encrypted devices", "encrypted phones"),
    ),
)

THREAT_KEYWORDS: dict[str, tuple[str, ...]] = {row[0]: row[5] for row in THREATS}
THREAT_PARENTS: dict[str, str] = {row[0]: row[3] for row in THREATS if row[3] is not None}

#: The six national priority threats the NSTCG adopted (inspection, March 2017).
PRIORITY_THREATS: tuple[str, ...] = (
    "child-sexual-exploitation-and-abuse",
    "modern-slavery-and-human-trafficking",
    "organised-immigration-crime",
    "high-end-money-laundering",
    "firearms",
    "cyber-crime",
)

#: The national threats (kind ``threat``) of the 2017 assessment.
NATIONAL_THREATS: tuple[str, ...] = tuple(row[0] for row in THREATS if row[2] == "threat")

#: The vulnerabilities the national strategic assessments carry.
ASSESSED_VULNERABILITIES: tuple[str, ...] = (
    "border-vulnerabilities",
    "prisons",
    "corruption-insider-threat",
    "criminal-use-of-internet-technology",
)


def threats() -> list[Record]:
    """The national threat catalogue, parents before their sub-threats."""
    records: list[Record] = []
    for threat_id, name, kind, parent, theme, keywords in THREATS:
        record: Record = {
            "id": threat_id,
            "name": name,
            "kind": kind,
            "theme": theme,
            "keywords": list(keywords),
        }
        if parent is not None:
            record["parent"] = parent
        records.append(record)
    return records
