"""The audit trail's page, CSV and chain check: who may use them, filters, what each sees."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from soctasking.audit.models import AuditEvent
from soctasking.audit.services import READ_RECORDED_EVERY, audit_record
from soctasking.exchange.services import bundle_load
from soctasking.exchange.validation import BundleInvalid
from soctasking.intelligence.services import submission_receive
from soctasking.testing.factories import ThreatFactory

pytestmark = pytest.mark.django_db

EVENTS = reverse("audit:events")
CSV = reverse("audit:events_csv")
CHECK = reverse("audit:check")
PERSONAS_ALLOWED = [
    ("inspector", True),
    ("administrator", True),
    ("analyst", False),
    ("contributor", False),
    ("secretariat", False),
    ("chair", False),
    ("outsider", False),
    ("uncleared", False),
    ("chis_analyst", False),
]


@contextmanager
def clock(when: dt.datetime) -> Iterator[None]:
    """Events appended meanwhile are stamped ``when``."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def at(day: str, hour: int = 12) -> dt.datetime:
    """Noon on ``day`` in the site's time zone, in UTC as the clock gives it."""
    local = timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))
    return local.astimezone(dt.UTC)


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def sequences_shown(response) -> list[int]:
    return [event.sequence for event in response.context["shown"]]


def reads(user) -> list[dict]:
    return list(
        AuditEvent.objects.filter(
            actor_name=user.username, action="read", record_type="audit_event"
        )
        .order_by("sequence")
        .values_list("detail", flat=True)
    )


@pytest.fixture
def trail(analyst, contributor):
    """Three changes on three days, by two users and the system."""
    with clock(at("2026-07-01")):
        first = audit_record(actor=analyst, action="update", record_type="body", record_id="nac")
    with clock(at("2026-07-02")):
        second = audit_record(actor=None, action="create", record_type="user", record_id="dana")
    with clock(at("2026-07-03")):
        third = audit_record(
            actor=contributor, action="list", record_type="submission", detail={"ids": ["s-1"]}
        )
    return [first, second, third]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (EVENTS, CSV, CHECK):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('web:login')}?next={url}"


@pytest.mark.parametrize(("persona", "allowed"), PERSONAS_ALLOWED)
def test_only_inspectors_and_administrators_read_the_trail(client, request, persona, allowed):
    client.force_login(request.getfixturevalue(persona))

    statuses = {url: client.get(url).status_code for url in (EVENTS, CSV, CHECK)}

    assert statuses == dict.fromkeys((EVENTS, CSV, CHECK), 200 if allowed else 403)
    if not allowed:
        assert not AuditEvent.objects.filter(record_type="audit_event").exists()


def test_a_refusal_is_a_page_of_the_service_saying_who_may_read_the_trail(client, analyst):
    client.force_login(analyst)

    response = client.get(EVENTS)

    page = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="govuk-heading-xl">Audit trail</h1>' in page
    assert "Only inspectors and administrators may read the audit trail" in page
    # The navigation offers the area only to those who may read it.
    assert "Audit" not in [item["label"] for item in response.context["navigation"]]


def test_the_trail_is_shown_newest_first_with_each_events_parts(client, inspector, trail):
    client.force_login(inspector)

    response = client.get(EVENTS)

    page = response.content.decode()
    read = AuditEvent.objects.get(action="read")
    signed_in = AuditEvent.objects.get(action="sign_in")
    assert sequences_shown(response) == [read.sequence, signed_in.sequence, 3, 2, 1]
    assert "5 events</caption>" in page
    assert '<th scope="row" class="govuk-table__header">3</th>' in page
    assert "3 Jul 2026 12:00:00" in page
    assert "bob" in page
    assert "ids: [s-1]" in page
    assert "Download all 5 events as CSV" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "alice"}, [1]),
        ({"actor": "system"}, [2]),
        ({"action": "create"}, [2]),
        ({"record_type": "submission"}, [3]),
        ({"record_type": "body", "record_id": "nac"}, [1]),
        ({"record_id": "nobody"}, []),
        ({"since": "2026-07-02", "until": "2026-07-02"}, [2]),
        ({"since": "2026-07-02", "actor": "bob"}, [3]),
        ({"until": "2026-07-01"}, [1]),
    ],
)
def test_the_filters_narrow_the_trail(client, inspector, trail, query, expected):
    client.force_login(inspector)

    response = client.get(EVENTS, query)

    assert response.status_code == 200
    assert sequences_shown(response) == expected


def test_a_filter_that_matches_nothing_says_so(client, inspector, trail):
    client.force_login(inspector)

    page = client.get(EVENTS, {"record_id": "nobody"}).content.decode()

    assert "No event matches these filters." in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"since": "1 July"}, "since", "Enter the date as year-month-day, for example 2026-07-01"),
        (
            {"since": "2026-07-03", "until": "2026-07-01"},
            "until",
            "The to date must be the same as or after the from date",
        ),
        ({"action": "forge"}, "action", "Choose an action from the list"),
        ({"record_type": "nothing"}, "record_type", "Choose a record type from the list"),
        # PostgreSQL can store no NUL, so none may reach the trail's own events.
        ({"actor": "bob\x00"}, "actor", "Null characters are not allowed."),
    ],
)
@pytest.mark.usefixtures("trail")
def test_a_bad_filter_is_named_in_the_error_summary_and_nothing_is_read(
    client, inspector, query, field, message
):
    client.force_login(inspector)

    response = client.get(EVENTS, query)

    page = response.content.decode()
    assert response.status_code == 400
    assert page.count(message) == 2  # in the summary, and beside the field
    assert f'<a href="#id_{field}">{message}</a>' in page
    assert "govuk-input--error" in page or "govuk-select--error" in page
    assert response.context["pagination"] is None
    assert reads(inspector) == []


def test_the_filters_are_offered_from_what_the_trail_holds(client, inspector, trail):
    client.force_login(inspector)

    form = client.get(EVENTS).context["form"]

    assert [value for value, _ in form.fields["action"].choices] == [
        "",
        "create",
        "list",
        "sign_in",
        "update",
    ]
    assert [value for value, _ in form.fields["record_type"].choices] == [
        "",
        "body",
        "session",
        "submission",
        "user",
    ]


def test_the_trail_comes_25_to_a_page_and_the_filters_stay_in_the_links(client, inspector):
    for number in range(30):
        audit_record(actor=None, action="update", record_type="body", record_id=f"b{number}")
    client.force_login(inspector)

    first = client.get(EVENTS, {"record_type": "body"})
    second = client.get(EVENTS, {"record_type": "body", "page": "2"})

    assert sequences_shown(first) == list(range(30, 5, -1))
    assert first.context["pagination"].next_href == "?record_type=body&page=2"
    assert sequences_shown(second) == list(range(5, 0, -1))
    assert "?record_type=body" in second.content.decode()
    assert "page=2" not in second.context["query"]


def test_reading_the_trail_is_recorded_once_per_selection_within_the_window(
    client, inspector, trail
):
    client.force_login(inspector)
    start = timezone.now()

    with clock(start):
        client.get(EVENTS)
        client.get(EVENTS)  # a refresh
        client.get(EVENTS, {"actor": "bob"})
        client.get(EVENTS, {"actor": "bob", "page": "1"})  # paging the same selection
    with clock(start + READ_RECORDED_EVERY + dt.timedelta(seconds=1)):
        client.get(EVENTS)

    assert reads(inspector) == [{"filters": {}}, {"filters": {"actor": "bob"}}, {"filters": {}}]


def test_another_readers_reading_is_recorded_apart(client, inspector, administrator, trail):
    client.force_login(inspector)
    client.get(EVENTS)
    client.force_login(administrator)
    client.get(EVENTS)

    assert reads(inspector) == reads(administrator) == [{"filters": {}}]


def test_the_csv_holds_every_filtered_event_newest_first_streamed(client, inspector, trail):
    client.force_login(inspector)

    response = client.get(CSV, {"since": "2026-07-02", "page": "3"})

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="audit-trail.csv"'
    rows = rows_of(response)
    assert rows[0] == [
        "sequence",
        "at",
        "actor",
        "action",
        "record_type",
        "record_id",
        "detail",
        "withheld",
        "digest",
    ]
    export = AuditEvent.objects.get(action="export")
    signed_in = AuditEvent.objects.get(action="sign_in")
    assert [row[:6] for row in rows[1:]] == [
        [str(export.sequence), export.at.isoformat(), "ines", "export", "audit_event", ""],
        [str(signed_in.sequence), signed_in.at.isoformat(), "ines", "sign_in", "session", "ines"],
        ["3", trail[2].at.isoformat(), "bob", "list", "submission", ""],
        ["2", trail[1].at.isoformat(), "system", "create", "user", "dana"],
    ]
    assert rows[3][6:] == ['{"ids": ["s-1"]}', "no", trail[2].digest]


def test_every_download_is_recorded_with_its_filters(client, inspector, trail):
    client.force_login(inspector)

    client.get(CSV, {"actor": "bob"})
    client.get(CSV, {"actor": "bob"})

    exports = AuditEvent.objects.filter(action="export", record_type="audit_event")
    assert [(e.actor_name, e.detail) for e in exports] == [
        ("ines", {"filters": {"actor": "bob"}}),
        ("ines", {"filters": {"actor": "bob"}}),
    ]


def test_the_csv_link_carries_the_filters_but_not_the_page(client, inspector, trail):
    client.force_login(inspector)

    page = client.get(EVENTS, {"actor": "bob", "page": "1"}).content.decode()

    assert f'href="{CSV}?actor=bob" download>Download the 1 matching event as CSV</a>' in page


def test_a_csv_with_a_bad_filter_is_refused_and_not_recorded(client, inspector, trail):
    client.force_login(inspector)

    response = client.get(CSV, {"since": "yesterday"})

    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_cell_a_spreadsheet_would_run_is_defused(client, inspector):
    audit_record(actor=None, action="update", record_type="body", record_id="=HYPERLINK(1)")
    client.force_login(inspector)

    rows = rows_of(client.get(CSV, {"record_type": "body"}))

    assert rows[1][5] == "'=HYPERLINK(1)"


def test_the_chain_is_checked_on_request_and_found_intact(client, inspector, trail):
    client.force_login(inspector)

    page = client.get(CHECK).content.decode()

    assert '<h1 class="govuk-panel__title">Audit trail intact</h1>' in page
    # The three of the trail, and the inspector's own sign-in.
    assert "4 events checked" in page


def test_a_broken_chain_is_shown_naming_each_event(client, inspector, trail):
    AuditEvent.objects.filter(sequence=2).update(record_id="someone-else")
    client.force_login(inspector)

    response = client.get(CHECK)

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Audit trail broken</h1>' in page
    assert "1 problem in the chain of 4 events" in page
    assert '<th scope="row" class="govuk-table__header">2</th>' in page
    assert "Content does not match its digest" in page


def test_a_long_detail_is_shortened_on_the_page_and_whole_in_the_csv(client, inspector):
    ids = [f"sub-{n}" for n in range(12)]
    digest = "ab" * 32
    audit_record(
        actor=None, action="list", record_type="submission", detail={"ids": ids, "d": digest}
    )
    client.force_login(inspector)

    page = client.get(EVENTS, {"record_type": "submission"}).content.decode()
    rows = rows_of(client.get(CSV, {"record_type": "submission"}))

    assert "ids: [sub-0, sub-1, sub-2, sub-3, sub-4 and 7 more]" in page
    assert f"d: {digest[:12]}…;" in page
    assert "sub-11" not in page
    assert "sub-11" in rows[1][6]


class TestWhatEachReaderSees:
    """Inspectors see every event; what it says of a record above them is withheld."""

    @pytest.fixture
    def top_secret(self, administrator):
        ThreatFactory(id="drugs")
        receipt = submission_receive(
            acting_user=administrator,
            body=administrator.body,
            kind="tactical_assessment",
            title="Nightjar source reporting",
            period_start=dt.date(2026, 7, 1),
            period_end=dt.date(2026, 9, 30),
            threats=["drugs"],
            classification="top-secret",
            compartments=["chis"],
            text="Reporting from a covert source.",
        )
        return AuditEvent.objects.get(action="receive", record_id=receipt.submission_id)

    def test_an_inspector_sees_that_a_submission_above_them_came_but_not_its_detail(
        self, client, inspector, top_secret
    ):
        client.force_login(inspector)

        response = client.get(EVENTS, {"action": "receive"})
        rows = rows_of(client.get(CSV, {"action": "receive"}))

        page = response.content.decode()
        assert top_secret.record_id in page
        assert "Withheld: it describes a record you may not see" in page
        assert top_secret.detail["sha256"] not in page
        assert "top-secret" not in page
        assert rows[1][4:8] == ["submission", top_secret.record_id, "{}", "yes"]

    def test_an_administrator_cleared_for_it_sees_the_detail(
        self, client, administrator, top_secret
    ):
        client.force_login(administrator)

        page = client.get(EVENTS, {"action": "receive"}).content.decode()

        assert "classification: top-secret" in page
        assert "Withheld" not in page

    def test_a_batch_withholds_only_the_submissions_above_the_reader(
        self, client, inspector, top_secret
    ):
        audit_record(
            actor=None,
            action="receive_batch",
            record_type="submission",
            detail={
                "submissions": [
                    {"id": top_secret.record_id, "reference": "R1", "sha256": "a" * 64},
                    {"id": "gone", "reference": "R2", "sha256": "b" * 64},
                ]
            },
        )
        client.force_login(inspector)

        rows = rows_of(client.get(CSV, {"action": "receive_batch"}))

        assert json.loads(rows[1][6]) == {
            "submissions": [
                {"id": top_secret.record_id, "withheld": True},
                {"id": "gone", "withheld": True},
            ]
        }
        assert rows[1][7] == "yes"

    def test_a_refused_bundle_shows_where_its_first_problem_is_not_what_it_quotes(
        self, client, inspector, administrator
    ):
        with pytest.raises(BundleInvalid):
            bundle_load(
                source=b'{"format": "Nightjar source reporting", "version": 1}', acting_user=None
            )

        client.force_login(inspector)
        inspector_page = client.get(EVENTS, {"action": "load_refused"}).content.decode()
        client.force_login(administrator)
        administrator_page = client.get(EVENTS, {"action": "load_refused"}).content.decode()

        assert "first: /format;" in inspector_page
        assert "Part withheld" in inspector_page
        assert "Nightjar" not in inspector_page
        assert "Nightjar" in administrator_page
