"""Properties of the bundle loader over generated and damaged documents.

Whatever arrives, ``bundle_load`` either stores the bundle whole or refuses
it with ``BundleInvalid``, every problem named by a JSON pointer into the
document; never any other exception, which the API would answer with a
server error. A refused load leaves every table of the picture as it was.

Each case runs in a savepoint rolled back after it, so that what one case
loads is not there for the next. ``SOCTASKING_FUZZ_EXAMPLES`` raises the
number of cases (docs/fuzzing.md).
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from soctasking.audit.models import AuditEvent
from soctasking.exchange.sections import SECTION_SPECS
from soctasking.exchange.services import FORMAT, VERSION, bundle_load
from soctasking.exchange.tests.conftest import load
from soctasking.exchange.validation import SECTIONS, BundleInvalid

pytestmark = pytest.mark.django_db

PICTURE_APPS = (
    "bodies",
    "threats",
    "intelligence",
    "meetings",
    "prioritisation",
    "governance",
    "local_priorities",
    "operations",
    "referrals",
    "exchange",
)
# RFC 6901: empty (the whole document), or "/"-separated tokens with "~" escaped.
POINTER = re.compile(r"(/([^~/]|~[01])*)*")


def examples(default: int) -> int:
    """``default`` cases, or as many as ``SOCTASKING_FUZZ_EXAMPLES`` asks for."""
    return int(os.environ.get("SOCTASKING_FUZZ_EXAMPLES", default))


FUZZ = settings(
    max_examples=examples(50),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["", "2018-03-31", "2018-03-31T09:30:00+00:00", "drugs", "nac", "\x00"])
)
JSONISH = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
# Keys that records of some section have, so that generated records get past
# "unknown key" to the rules behind it.
RECORD_KEYS = st.sampled_from(
    ["id", "name", "kind", "parent", "body", "threats", "period", "date", "status", "text"]
) | st.text(max_size=8)
RECORDS = st.dictionaries(RECORD_KEYS, JSONISH, max_size=6)


@st.composite
def bundleish(draw: Any) -> dict[str, Any]:
    """An object with some of a bundle's keys, holding anything."""
    document: dict[str, Any] = {}
    if draw(st.booleans()):
        document["format"] = draw(st.just(FORMAT) | JSONISH)
    if draw(st.booleans()):
        document["version"] = draw(st.just(VERSION) | JSONISH)
    for section in draw(st.lists(st.sampled_from(SECTIONS), unique=True, max_size=4)):
        document[section] = draw(st.lists(RECORDS, max_size=3) | JSONISH)
    document.update(draw(st.dictionaries(st.text(max_size=8), JSONISH, max_size=2)))
    return document


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every value in ``node``, below the top."""
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        yield (*path, key)
        yield from _places(child, (*path, key))


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        document = document[key]
    return document


@st.composite
def damaged(draw: Any, document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with one to three values replaced, removed or repeated."""
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        places = list(_places(document))
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent, key = _at(document, path[:-1]), path[-1]
        action = draw(st.sampled_from(["replace", "remove", "repeat"]))
        if action == "remove":
            del parent[key]
        elif action == "repeat" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        else:
            parent[key] = draw(JSONISH)
    return document


def stored_rows() -> dict[str, int]:
    """How many rows every table of the picture holds, through tables and loads included."""
    counts: dict[str, int] = {}
    for label in PICTURE_APPS:
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model._default_manager.count()
            for relation in model._meta.local_many_to_many:
                through = relation.remote_field.through
                assert through is not None
                counts[through._meta.label] = through._default_manager.count()
    return counts


def _resolves(document: Any, pointer: str) -> bool:
    node = document
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return False
    return True


def loaded_whole_or_refused(source: bytes, document: Any = None) -> None:
    """Load ``source`` (the JSON of ``document``, when given) and check what came of it.

    Refused: with at least one problem, each at a pointer to the offending
    value (or, for a missing key, to the object it is missing from), and
    nothing stored. Accepted: every record of every section stored.
    """
    with transaction.atomic():
        before = stored_rows()
        refused: BundleInvalid | None = None
        try:
            report = bundle_load(source=source, acting_user=None)
        except BundleInvalid as refusal:
            refused = refusal
        event("refused" if refused is not None else "loaded")
        if refused is not None:
            assert refused.problems
            assert refused.total >= len(refused.problems)
            for problem in refused.problems:
                assert POINTER.fullmatch(problem.pointer), problem
                assert problem.message, problem
                if document is not None and problem.pointer:
                    parent = problem.pointer.rsplit("/", 1)[0]
                    assert _resolves(document, parent), (problem, document)
            assert stored_rows() == before
        else:
            assert isinstance(document, dict)
            for section in SECTIONS:
                records = document.get(section, [])
                assert report.counts.get(section, 0) == len(records)
                model = SECTION_SPECS[section].model
                for record in records:
                    assert model._default_manager.filter(pk=record["id"]).exists(), record
        transaction.set_rollback(True)


@FUZZ
@given(document=JSONISH | bundleish())
def test_any_json_value_is_loaded_whole_or_refused_by_pointer(document: Any) -> None:
    loaded_whole_or_refused(json.dumps(document).encode(), document)


@FUZZ
@given(
    prefix=st.sampled_from([b"", b'{"format": "soctasking.bundle", "version": 1, "bodies": [']),
    data=st.binary(max_size=256),
)
def test_any_bytes_are_loaded_whole_or_refused(prefix: bytes, data: bytes) -> None:
    loaded_whole_or_refused(prefix + data)


@FUZZ
@given(data=st.data())
def test_a_damaged_bundle_is_loaded_whole_or_refused_by_pointer(
    every_section: dict[str, Any], data: Any
) -> None:
    document = data.draw(damaged(every_section))
    loaded_whole_or_refused(json.dumps(document).encode(), document)


@FUZZ
@given(data=st.data())
def test_a_damaged_bundle_over_a_stored_picture_is_loaded_whole_or_refused(
    stored_picture: dict[str, Any], data: Any
) -> None:
    # Replacing stored records takes other paths than storing new ones:
    # their owned records are removed first, and may still be referred to.
    document = data.draw(damaged(stored_picture))
    loaded_whole_or_refused(json.dumps(document).encode(), document)


@pytest.fixture
def stored_picture(every_section: dict[str, Any]) -> dict[str, Any]:
    load(every_section)
    return every_section


def test_the_bundle_damaged_here_loads_as_it_is(every_section: dict[str, Any]) -> None:
    # Damaging a bundle that was refused already would prove little.
    report = load(every_section)
    assert report.counts == {
        section: len(every_section[section]) for section in SECTIONS if section in every_section
    }


# Regressions: bundles these properties found answered with a crash.


@pytest.mark.parametrize("value", [20170710, None, True, ["2017-07-10T09:30:00+00:00"], {}])
def test_a_date_time_that_is_not_text_is_refused_by_pointer(
    every_section: dict[str, Any], value: Any
) -> None:
    every_section["submissions"][0]["received"] = value

    with pytest.raises(BundleInvalid) as refused:
        load(every_section)

    assert [problem.pointer for problem in refused.value.problems] == ["/submissions/0/received"]


def test_a_refusal_quoting_a_nul_is_refused_and_audited_on_either_database() -> None:
    # The refusal is audited with its first problem, which here names the key.
    document = {"format": FORMAT, "version": VERSION, "bad\x00key": 1}

    with pytest.raises(BundleInvalid) as refused:
        load(document)

    assert refused.value.problems[0].pointer == "/bad\x00key"
    event = AuditEvent.objects.get(action="load_refused")
    assert "\x00" not in event.detail["first"]
