"""Recording local priorities by form and CSV: who may, what is refused, and nothing half-stored."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from soctasking.audit.models import AuditEvent
from soctasking.local_priorities.models import LocalPriority
from soctasking.local_priorities.services import (
    LocalPrioritiesIn,
    PriorityIn,
    local_priorities_import_csv,
    local_priorities_record,
)
from soctasking.testing.factories import BodyFactory, ThreatFactory

pytestmark = pytest.mark.django_db

START, END = date(2017, 4, 1), date(2018, 3, 31)


@pytest.fixture
def threats():
    return ThreatFactory(id="drugs", name="Drugs"), ThreatFactory(id="firearms", name="Firearms")


def given(body: str, *priorities: PriorityIn, **overrides: object) -> LocalPrioritiesIn:
    values: dict[str, object] = {
        "body": body,
        "period_start": START,
        "period_end": END,
        "source": "police_and_crime_plan",
        "document": "Police and crime plan 2017-21",
        "priorities": priorities,
    }
    values.update(overrides)
    return LocalPrioritiesIn(**values)  # type: ignore[arg-type]


def test_an_analyst_records_threats_and_themes_for_a_body_and_it_is_audited(analyst, threats):
    BodyFactory(id="kent", kind="police_force")

    record = local_priorities_record(
        acting_user=analyst,
        given=given("kent", PriorityIn(threat="drugs"), PriorityIn(theme="Rural  crime")),
    )

    assert record.body_id == "kent"
    assert record.document == "Police and crime plan 2017-21"
    assert [(e.threat_id, e.theme) for e in record.entries.all()] == [
        ("drugs", ""),
        (None, "Rural crime"),
    ]
    event = AuditEvent.objects.get(record_type="local_priority", record_id=record.pk)
    assert event.action == "create"
    assert event.actor == analyst


def test_recording_the_same_body_and_period_again_replaces_its_priorities(analyst, threats):
    BodyFactory(id="kent", kind="police_force")
    local_priorities_record(acting_user=analyst, given=given("kent", PriorityIn(threat="drugs")))

    again = local_priorities_record(
        acting_user=analyst, given=given("kent", PriorityIn(threat="firearms"))
    )

    assert LocalPriority.objects.count() == 1
    assert [e.threat_id for e in again.entries.all()] == ["firearms"]
    assert AuditEvent.objects.filter(record_id=again.pk, action="update").exists()


def test_a_contributor_records_for_their_own_body_only(contributor, other_force, threats):
    local_priorities_record(
        acting_user=contributor, given=given(contributor.body_id, PriorityIn(threat="drugs"))
    )

    with pytest.raises(ValidationError) as refused:
        local_priorities_record(
            acting_user=contributor, given=given(other_force.pk, PriorityIn(threat="drugs"))
        )

    assert refused.value.message_dict == {
        "body": ["You may record local priorities only for your own body."]
    }


def test_an_inspector_may_not_record(inspector, threats):
    with pytest.raises(PermissionDenied):
        local_priorities_record(
            acting_user=inspector, given=given(inspector.body_id, PriorityIn(threat="drugs"))
        )


def test_every_problem_is_named_by_its_field_and_nothing_is_stored(analyst, threats):
    BodyFactory(id="kent", kind="police_force")

    with pytest.raises(ValidationError) as refused:
        local_priorities_record(
            acting_user=analyst,
            given=given(
                "kent",
                PriorityIn(threat="drugs"),
                PriorityIn(threat="no-such-threat"),
                PriorityIn(threat="drugs", theme="both"),
                PriorityIn(threat="drugs"),
                period_end=date(2017, 1, 1),
                source="manifesto",
            ),
        )

    assert refused.value.message_dict == {
        "period_end": ["The period must end on or after the day it starts."],
        "source": [
            "'manifesto' is not one of 'police_and_crime_plan', 'control_strategy', "
            "'strategic_assessment', 'other'."
        ],
        "priorities.1": ["No threat has the id 'no-such-threat'."],
        "priorities.2": ["Give either a threat or a theme, not both and not neither."],
        "priorities.3": ["This priority is named twice."],
    }
    assert not LocalPriority.objects.exists()


def test_a_record_with_no_priority_is_refused(analyst):
    BodyFactory(id="kent", kind="police_force")

    with pytest.raises(ValidationError) as refused:
        local_priorities_record(acting_user=analyst, given=given("kent"))

    assert "priorities" in refused.value.message_dict


CSV = """body,period_start,period_end,source,document,threat,theme
kent,2017-04-01,2018-03-31,police_and_crime_plan,Kent plan,drugs,
kent,2017-04-01,2018-03-31,police_and_crime_plan,Kent plan,,Rural crime
essex,2017-04-01,2018-03-31,control_strategy,,firearms,
"""


def test_a_csv_makes_one_record_for_each_body_and_period(analyst, threats):
    BodyFactory(id="kent", kind="police_force")
    BodyFactory(id="essex", kind="police_force")

    saved = local_priorities_import_csv(acting_user=analyst, text=CSV)

    assert sorted(record.body_id for record in saved) == ["essex", "kent"]
    kent = LocalPriority.objects.get(body_id="kent")
    assert kent.document == "Kent plan"
    assert [(e.threat_id, e.theme) for e in kent.entries.all()] == [
        ("drugs", ""),
        (None, "Rural crime"),
    ]
    assert AuditEvent.objects.filter(record_type="local_priority", action="create").count() == 2


def test_a_bad_csv_line_names_its_line_and_column_and_stores_nothing(analyst, threats):
    BodyFactory(id="kent", kind="police_force")
    text = (
        "body,period_start,period_end,threat,theme\n"
        "kent,2017-04-01,2018-03-31,drugs,\n"
        "kent,2017-04-01,2018-03-31,cocaine,\n"
        "nowhere,2017-04-01,2018-03-31,drugs,\n"
        "kent,1 April,2018-03-31,drugs,\n"
    )

    with pytest.raises(ValidationError) as refused:
        local_priorities_import_csv(acting_user=analyst, text=text)

    assert refused.value.message_dict == {
        "line 3, threat": ["No threat has the id 'cocaine'."],
        "line 4, body": ["No body has the id 'nowhere'."],
        "line 5, period_start": ["'1 April' is not a date; write it as YYYY-MM-DD."],
    }
    assert not LocalPriority.objects.exists()


def test_a_csv_header_missing_columns_is_refused_on_line_1(analyst):
    with pytest.raises(ValidationError) as refused:
        local_priorities_import_csv(acting_user=analyst, text="body,colour\nkent,red\n")

    assert refused.value.message_dict["line 1"] == [
        "Columns missing: period_start, period_end.",
        "Columns not known: colour (expected body, period_start, period_end, source, "
        "document, threat, theme).",
        "Give a threat column, a theme column, or both.",
    ]


def test_lines_of_one_body_and_period_must_agree_on_the_document(analyst, threats):
    BodyFactory(id="kent", kind="police_force")
    text = (
        "body,period_start,period_end,document,threat\n"
        "kent,2017-04-01,2018-03-31,Plan A,drugs\n"
        "kent,2017-04-01,2018-03-31,Plan B,firearms\n"
    )

    with pytest.raises(ValidationError) as refused:
        local_priorities_import_csv(acting_user=analyst, text=text)

    assert list(refused.value.message_dict) == ["line 3, document"]
