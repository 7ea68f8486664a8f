"""Round trips of generated bundles: any valid picture survives export, load and export."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soctasking.exchange.selectors import bundle_export
from soctasking.exchange.tests.conftest import bundle, empty_picture, load

pytestmark = pytest.mark.django_db

IDS = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,12}", fullmatch=True)
# Lone surrogates are not text, and PostgreSQL cannot store NUL (the loader refuses it).
CHARACTERS = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
WORDS = st.text(alphabet=CHARACTERS, min_size=1, max_size=30)
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
NUMBERS = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**53), 2**53)


def _optional(record: dict[str, Any], draw: Any, key: str, strategy: Any) -> None:
    if draw(st.booleans()):
        record[key] = draw(strategy)


def _period(draw: Any) -> dict[str, str]:
    start = draw(DATES)
    return {
        "start": start.isoformat(),
        "end": (start + timedelta(days=draw(st.integers(0, 400)))).isoformat(),
    }


def _subset(draw: Any, ids: list[str]) -> list[str]:
    return draw(st.lists(st.sampled_from(ids), unique=True, max_size=3)) if ids else []


@st.composite
def pictures(draw: Any) -> dict[str, Any]:
    """A picture whose every reference resolves within it."""
    names = draw(st.lists(IDS, min_size=8, max_size=8, unique=True))
    bodies = []
    for position, body_id in enumerate(names[:3]):
        body: dict[str, Any] = {"id": body_id, "name": draw(WORDS)}
        _optional(body, draw, "kind", st.sampled_from(["police_force", "rocu", "national_unit"]))
        _optional(body, draw, "nation", st.sampled_from(["england", "wales", "uk"]))
        _optional(body, draw, "region", WORDS)
        _optional(body, draw, "national_remit", st.booleans())
        if position and draw(st.booleans()):
            body["parent"] = names[0]
        bodies.append(body)
    body_ids = [b["id"] for b in bodies]
    threats: list[dict[str, Any]] = [
        {
            "id": names[3],
            "name": draw(WORDS),
            "kind": "threat",
            "keywords": draw(st.lists(WORDS, max_size=3)),
        },
        {"id": names[4], "name": draw(WORDS), "kind": "sub_threat", "parent": names[3]},
        {"id": names[5], "name": draw(WORDS), "kind": "vulnerability"},
    ]
    _optional(threats[0], draw, "theme", st.sampled_from(["commodity", "cross_cutting"]))
    threat_ids = [t["id"] for t in threats]
    assessment = {
        "id": "nsa",
        "title": draw(WORDS),
        "period": _period(draw),
        "issued": draw(DATES).isoformat(),
        "threats": _subset(draw, threat_ids[:2]),
        "vulnerabilities": _subset(draw, [names[5]]),
    }
    _optional(assessment, draw, "status", st.sampled_from(["draft", "approved", "superseded"]))
    submissions = []
    for number in range(draw(st.integers(0, 3))):
        moment = draw(
            st.datetimes(
                min_value=datetime(1900, 1, 1),
                max_value=datetime(2100, 1, 1),
                timezones=st.just(UTC),
            )
        )
        submission: dict[str, Any] = {
            "id": f"sub-{number}",
            "title": draw(WORDS),
            "body": draw(st.sampled_from(body_ids)),
            "received": moment.isoformat(),
            "received_by": draw(st.sampled_from(body_ids)),
            "threats": _subset(draw, threat_ids),
            "themes": draw(st.lists(WORDS, max_size=2)),
            "classification": draw(st.sampled_from(["official", "official-sensitive", "secret"])),
            "compartments": draw(st.lists(st.sampled_from(["chis", "interception"]), unique=True)),
            "text": draw(st.text(alphabet=CHARACTERS)),
        }
        if draw(st.booleans()):
            handling = draw(st.sampled_from(["p", "c"]))
            submission["grading"] = {
                "source": draw(st.sampled_from(["1", "2", "3"])),
                "intelligence": draw(st.sampled_from(list("abcde"))),
                "handling": handling,
            }
            if handling == "c":
                submission["grading"]["conditions"] = draw(WORDS)
        if draw(st.booleans()):
            submission["period"] = _period(draw)
        submissions.append(submission)
    series = [
        {"id": "tcg", "name": draw(WORDS), "kind": "nstcg", "members": _subset(draw, body_ids)},
        {
            "id": "ig",
            "name": draw(WORDS),
            "kind": "nsig",
            "precedes": {
                "series": "tcg",
                "window_days": 30,
                "min_lead_days": draw(st.integers(0, 30)),
            },
        },
    ]
    meeting_day = draw(DATES)
    meetings = [
        {
            "id": "tcg-1",
            "series": "tcg",
            "date": meeting_day.isoformat(),
            "status": draw(st.sampled_from(["scheduled", "held", "cancelled"])),
            "attended": _subset(draw, body_ids),
            "decisions": [
                {
                    "id": f"dec-{n}",
                    "kind": "adopt_priority_threats",
                    "text": draw(WORDS),
                    "threats": _subset(draw, threat_ids),
                    "evaluation": "eval",
                }
                for n in range(draw(st.integers(0, 2)))
            ],
            "actions": [
                {
                    "id": f"act-{n}",
                    "owner": draw(st.sampled_from(body_ids)),
                    "text": draw(WORDS),
                    "due": draw(DATES).isoformat(),
                    "status": "open",
                }
                for n in range(draw(st.integers(0, 2)))
            ],
            "updates": [
                {
                    "body": draw(st.sampled_from(body_ids)),
                    "text": draw(WORDS),
                    "threats": _subset(draw, threat_ids),
                }
                for _ in range(draw(st.integers(0, 2)))
            ],
        }
    ]
    evaluation = {
        "id": "eval",
        "assessment": "nsa",
        "method": "morile",
        "meeting": "tcg-1",
        "scores": [
            {
                "threat": threat_id,
                "dimensions": {"harm": draw(NUMBERS)},
                "total": draw(NUMBERS),
                "rank": rank,
                "arguments_for": draw(st.lists(WORDS, max_size=2)),
                "recommendation": draw(st.sampled_from(["priority", "monitor"])),
            }
            for rank, threat_id in enumerate(_subset(draw, threat_ids))
        ],
    }
    operations = [
        {
            "id": "op",
            "name": draw(WORDS),
            "body": body_ids[0],
            "opened": "2016-01-01",
            "threats": _subset(draw, threat_ids),
            "activity": [
                {"date": draw(DATES).isoformat(), "kind": "arrest"}
                for _ in range(draw(st.integers(0, 3)))
            ],
            "disruptions": [
                {
                    "id": f"dis-{n}",
                    "date": draw(DATES).isoformat(),
                    "level": "minor",
                    "outcomes": {
                        "arrests": draw(st.integers(0, 100)),
                        "cash_gbp": draw(st.floats(0, 1e9, allow_nan=False)),
                    },
                }
                for n in range(draw(st.integers(0, 2)))
            ],
        }
    ]
    local = [
        {
            "id": "lp",
            "body": body_ids[-1],
            "priorities": [
                draw(st.sampled_from([{"threat": threat_ids[0]}, {"theme": "rural crime"}]))
                for _ in range(draw(st.integers(0, 3)))
            ],
        }
    ]
    return bundle(
        as_of=draw(DATES).isoformat(),
        bodies=bodies,
        threats=threats,
        assessments=[assessment],
        submissions=submissions,
        meeting_series=series,
        meetings=meetings,
        evaluations=[evaluation],
        operations=operations,
        local_priorities=local,
    )


def _export() -> str:
    out = io.StringIO()
    bundle_export(out=out, user=None)
    return out.getvalue()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(picture=pictures())
def test_any_generated_picture_exports_the_same_after_a_round_trip(picture):
    empty_picture()
    load(picture)
    first = _export()
    empty_picture()

    load(json.loads(first))

    assert _export() == first
    exported = json.loads(first)
    for section, records in picture.items():
        if isinstance(records, list):
            assert sorted(r["id"] for r in exported.get(section, [])) == sorted(
                r["id"] for r in records
            )
