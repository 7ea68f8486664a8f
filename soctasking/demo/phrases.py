"""Invented wording for the demo's submissions and briefings.

Each threat has a few report templates; the generator fills their slots
from the lists below with a seeded random generator. The wording follows
the indicators the domain reference gives (county lines: deal lines,
runners, cuckooing) so that searching and theme detection have realistic
text to work on. No person, group or event here is real.
"""

from __future__ import annotations

import random

CITIES = ("Liverpool", "Manchester", "Birmingham", "London", "Leeds", "Bristol", "Nottingham")
TOWNS = (
    "Aberystwyth",
    "Barrow-in-Furness",
    "Blackpool",
    "Boston",
    "Exeter",
    "Grimsby",
    "Hastings",
    "King's Lynn",
    "Lincoln",
    "Margate",
    "Norwich",
    "Rhyl",
    "Scarborough",
    "Shrewsbury",
    "Swindon",
    "Torquay",
)
PORTS = ("Dover", "Felixstowe", "Harwich", "Holyhead", "Hull", "Portsmouth", "Southampton")
LINE_NAMES = ("Dino", "Jukebox", "K-Line", "Marley", "Shadow", "Stitch", "Tank", "Zee")
COUNTRIES = ("Albania", "Belgium", "Netherlands", "Nigeria", "Romania", "Spain", "Vietnam")

# threat id -> [(title, text)]; {slots} are filled by ``fill``.
REPORTS: dict[str, tuple[tuple[str, str], ...]] = {
    "county-lines": (
        (
            "County lines: {line} deal line into {town}",
            "A deal line known as '{line}' is run from {city} into {town}. Two runners aged "
            "15 and 16, both reported missing from home this month, travel by train and stay "
            "at the address of a vulnerable adult whose home has been taken over (cuckooing). "
            "Crack cocaine and heroin are supplied; visitors call at unsociable hours.",
        ),
        (
            "County lines: exploitation of children in {town}",
            "Children from {city} are carrying drugs and cash to {town} for an older, "
            "controlling associate. Multiple phones and SIM cards were found at a cuckooed "
            "address; a 14-year-old was found with a knife and {kilos} kg of crack cocaine.",
        ),
    ),
    "drugs": (
        (
            "Cocaine supply network, {city}",
            "An organised crime group based in {city} is assessed to move {kilos} kg of "
            "cocaine a month to wholesale buyers across the region, using hired vans and "
            "a network of safe houses. Cash is returned weekly by couriers.",
        ),
        (
            "Cannabis cultivation linked to {country} nationals",
            "Three commercial cannabis factories near {town} are tended by young men from "
            "{country} believed to be working off a debt. The group sends proceeds abroad "
            "through a money service business.",
        ),
    ),
    "class-a-importation": (
        (
            "Cocaine importation through {port}",
            "Intelligence indicates concealments of cocaine in refrigerated containers "
            "arriving at {port} from South America, with an insider at a haulage firm "
            "collecting the loads before customs examination.",
        ),
    ),
    "firearms": (
        (
            "Converted firearms in circulation, {city}",
            "Converted blank-firing pistols from a single workshop are being sold to street "
            "gangs in {city} for about £1,500 each, with ammunition made from reloaded cases.",
        ),
        (
            "Firearms imported by fast parcel",
            "Handguns are arriving in parts by fast parcel from {country}, addressed to "
            "residential addresses near {town} and collected within hours of delivery.",
        ),
    ),
    "modern-slavery-and-human-trafficking": (
        (
            "Labour exploitation at hand car washes, {town}",
            "Workers at two hand car washes in {town} are paid far below the minimum wage, "
            "live at the premises and have surrendered their passports. The controller is "
            "linked to a recruitment agency in {country}.",
        ),
        (
            "Sexual exploitation advertised online",
            "Women trafficked from {country} are advertised on adult services websites and "
            "moved between short-let flats in {city} every few days; the adverts share "
            "phone numbers and payment details.",
        ),
    ),
    "organised-immigration-crime": (
        (
            "Clandestine entry through {port}",
            "A facilitation network charges £8,000 a person to conceal migrants in lorries "
            "crossing to {port}. Drivers are recruited in {country}; the organisers are "
            "based in northern France.",
        ),
        (
            "Sham marriages arranged in {city}",
            "A fixer in {city} arranges sham marriages between EU nationals and migrants "
            "for £12,000 each, using forged documents supplied from {country}.",
        ),
    ),
    "child-sexual-exploitation-and-abuse": (
        (
            "Online grooming of children, {town} area",
            "An adult using several social media profiles is grooming children aged 11 to "
            "13 around {town} and asking for indecent images; livestreamed abuse is suspected.",
        ),
        (
            "Travelling sex offender",
            "A registered sex offender from {city} is travelling repeatedly to {country} and "
            "paying for access to children through an overseas contact.",
        ),
    ),
    "money-laundering": (
        (
            "Cash collection network, {city}",
            "Cash from drug supply in {city} is collected by couriers and paid into mule "
            "accounts in sums under £1,000; about £{thousands},000 has moved in three months.",
        ),
    ),
    "high-end-money-laundering": (
        (
            "Professional enablers laundering through property",
            "A trust and company service provider in London is creating shell companies for "
            "clients from {country}; property purchases of about £{thousands},000 were made "
            "without any source of funds being established.",
        ),
    ),
    "fraud": (
        (
            "Courier fraud against elderly victims, {town}",
            "Callers impersonating police officers persuade elderly residents of {town} to "
            "hand cash to couriers; {victims} victims have lost about £{thousands},000.",
        ),
        (
            "Investment fraud boiler room",
            "A boiler room in {city} is cold-calling investors about carbon credits and rare "
            "wine; victims report losses of £{thousands},000 in total.",
        ),
    ),
    "bribery-corruption-and-sanctions-evasion": (
        (
            "Corruption of a port employee, {port}",
            "An employee at {port} is paid to pass on container inspection schedules; "
            "payments arrive through a relative's account in {country}.",
        ),
    ),
    "cyber-crime": (
        (
            "Ransomware affecting businesses in {city}",
            "A ransomware strain has encrypted the networks of {victims} small businesses in "
            "{city}; the ransom notes demand payment in cryptocurrency to a single wallet.",
        ),
        (
            "Distributed denial of service for hire",
            "A teenager in {town} is advertising distributed denial of service attacks for "
            "hire on a dark web market and has attacked a local council's website.",
        ),
    ),
    "organised-acquisitive-crime": (
        (
            "Plant and vehicle theft, {town}",
            "A group from {city} is stealing plant machinery and high-value vehicles around "
            "{town}; vehicles are re-plated and shipped to {country} through {port}.",
        ),
    ),
}


def fill(rng: random.Random, *templates: str) -> list[str]:
    """Each template with its slots filled, the same slot the same way in all of them,
    so that a report's title and text tell of the same town."""
    values = {
        "city": rng.choice(CITIES),
        "town": rng.choice(TOWNS),
        "port": rng.choice(PORTS),
        "line": rng.choice(LINE_NAMES),
        "country": rng.choice(COUNTRIES),
        "kilos": rng.randint(2, 40),
        "thousands": rng.randint(40, 900),
        "victims": rng.randint(6, 40),
    }
    return [template.format(**values) for template in templates]


# Conditions recorded when the handling code is C.
HANDLING_CONDITIONS = (
    "Not to be disseminated outside law enforcement without the originator's consent.",
    "Share with the named operation team only; do not action without consulting the originator.",
    "Source protection: no disclosure of the report in court or to the subject.",
    "For intelligence purposes only; consult the originator before any executive action.",
)

# Daily briefing updates: (threat id, text).
BRIEFING_UPDATES: tuple[tuple[str, str], ...] = (
    ("firearms", "Overnight discharge in {city}; no injuries, casings recovered for analysis."),
    ("firearms", "Handgun and 40 rounds seized under warrant in {town}; two arrests."),
    (
        "modern-slavery-and-human-trafficking",
        "Twelve potential victims safeguarded at a car wash in {town}.",
    ),
    ("organised-immigration-crime", "Clandestine entry: eight people found in a lorry at {port}."),
    (
        "child-sexual-exploitation-and-abuse",
        "Online grooming suspect arrested in {town}; devices seized.",
    ),
    ("cyber-crime", "Ransomware incident at a {city} business; advice given, no ransom paid."),
    (
        "high-end-money-laundering",
        "Account freezing order obtained over £{thousands},000 held by a shell company.",
    ),
    ("county-lines", "Deal line '{line}' disrupted in {town}; two runners safeguarded."),
    ("drugs", "{kilos} kg of cocaine seized at {port}; one arrest."),
)
