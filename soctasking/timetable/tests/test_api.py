"""The timetable API under /api/v1/: requirements, rows, acknowledgements, compliance, gaps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from soctasking.accounts.models import User
from soctasking.accounts.tokens import token_create
from soctasking.bodies.models import Body
from soctasking.exchange.models import BundleLoad
from soctasking.intelligence.models import Acknowledgement, Requirement, Submission, TimetableRow
from soctasking.meetings.models import Meeting
from soctasking.testing.factories import (
    AcknowledgementFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    RequirementFactory,
    SubmissionFactory,
    ThreatFactory,
    TimetableRowFactory,
)
from soctasking.timetable.models import TimetableEscalation, TimetableReminder

pytestmark = pytest.mark.django_db

API = "/api/v1"


def make_row(**kwargs: object) -> TimetableRow:
    return TimetableRowFactory(**kwargs)


def make_submission(**kwargs: object) -> Submission:
    return SubmissionFactory(**kwargs)


def make_meeting(**kwargs: object) -> Meeting:
    return MeetingFactory(**kwargs)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def post(client: Client, path: str, body: object) -> Any:
    return client.post(f"{API}{path}", body, content_type="application/json")


def fields(response: Any) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


@pytest.fixture
def requirement() -> Requirement:
    return RequirementFactory(
        id="nir-2026",
        period_start=date(2026, 4, 1),
        period_end=date(2027, 3, 31),
        issued=date(2026, 3, 15),
    )


@pytest.fixture
def as_analyst(client: Client, analyst: User) -> Client:
    client.force_login(analyst)
    return client


def a_row(rocu: Body, national_unit: Body, **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "body": rocu.pk,
        "product": "tactical_assessment",
        "due": "2026-07-15",
        "window_start": "2026-07-01",
        "deliver_to": national_unit.pk,
    }
    row.update(overrides)
    return row


class TestRequirements:
    BODY: dict[str, object] = {
        "id": "nir-2027",
        "period_start": "2027-04-01",
        "period_end": "2028-03-31",
        "issued": "2027-03-01",
        "threats": [{"threat": "drugs", "collection_priority": "high"}],
    }

    def test_an_analyst_issues_one_and_everyone_signed_in_can_read_it(
        self, as_analyst: Client, outsider: User
    ) -> None:
        ThreatFactory(id="drugs")
        response = post(as_analyst, "/requirements", self.BODY)
        assert response.status_code == 201
        assert response.json() == {
            "id": "nir-2027",
            "period_start": "2027-04-01",
            "period_end": "2028-03-31",
            "issued": "2027-03-01",
            "row_count": 0,
            "body_count": 0,
            "threats": [{"threat": "drugs", "collection_priority": "high"}],
        }
        as_analyst.force_login(outsider)
        assert as_analyst.get(f"{API}/requirements/nir-2027").json() == response.json()

    def test_the_list_is_paged_latest_period_first_with_counts(
        self, as_analyst: Client, requirement: Requirement, rocu: Body, other_force: Body
    ) -> None:
        RequirementFactory(
            id="nir-2025",
            period_start=date(2025, 4, 1),
            period_end=date(2026, 3, 31),
            issued=date(2025, 3, 1),
        )
        make_row(requirement=requirement, body=rocu)
        make_row(requirement=requirement, body=rocu)
        make_row(requirement=requirement, body=other_force)
        first = as_analyst.get(f"{API}/requirements?limit=1").json()
        assert first["count"] == 2
        assert [(r["id"], r["row_count"], r["body_count"]) for r in first["items"]] == [
            ("nir-2026", 3, 2)
        ]
        second = as_analyst.get(f"{API}/requirements?limit=1&page=2").json()
        assert [r["id"] for r in second["items"]] == ["nir-2025"]

    def test_bad_input_names_each_field_and_stores_nothing(
        self, as_analyst: Client, requirement: Requirement
    ) -> None:
        response = post(
            as_analyst,
            "/requirements",
            {
                "id": "nir-2026",
                "period_start": "2027-04-01",
                "period_end": "2027-01-01",
                "threats": [{"threat": "no-such-threat"}],
            },
        )
        assert response.status_code == 422
        assert fields(response) == {"id", "period_end", "issued", "threats"}
        assert Requirement.objects.count() == 1

    def test_a_date_that_is_not_a_date_is_refused_by_name(self, as_analyst: Client) -> None:
        response = post(as_analyst, "/requirements", self.BODY | {"issued": "1/3/2027"})
        assert response.status_code == 422
        assert fields(response) == {"issued"}
        assert not Requirement.objects.exists()

    def test_a_field_not_known_is_refused_by_name(self, as_analyst: Client) -> None:
        response = post(as_analyst, "/requirements", self.BODY | {"colour": "red"})
        assert response.status_code == 422
        assert fields(response) == {"colour"}

    @pytest.mark.parametrize("body", [b"{not json", b"[1, 2]"])
    def test_a_body_that_is_not_a_json_object_is_refused(
        self, as_analyst: Client, body: bytes
    ) -> None:
        response = as_analyst.post(f"{API}/requirements", body, content_type="application/json")
        assert response.status_code == 422
        assert fields(response) == {""}

    def test_a_contributor_may_not_issue_one(self, client: Client, contributor: User) -> None:
        ThreatFactory(id="drugs")
        client.force_login(contributor)
        response = post(client, "/requirements", self.BODY)
        assert response.status_code == 403
        assert "role" in response.json()["detail"]
        assert not Requirement.objects.exists()

    def test_an_unknown_requirement_is_404_wherever_it_is_named(self, as_analyst: Client) -> None:
        for path in ("", "/rows", "/acknowledgements"):
            response = as_analyst.get(f"{API}/requirements/nope{path}")
            assert response.status_code == 404, path
            assert response.json() == {"detail": "No requirement has the id 'nope'."}
        for path in ("/rows", "/rows/generate", "/acknowledgements"):
            assert post(as_analyst, f"/requirements/nope{path}", {}).status_code == 404, path

    def test_nobody_signed_in_gets_401(self, client: Client, requirement: Requirement) -> None:
        assert client.get(f"{API}/requirements").status_code == 401
        assert post(client, "/requirements", self.BODY).status_code == 401

    def test_a_bearer_token_works_as_well_as_a_session(
        self, client: Client, analyst: User, requirement: Requirement
    ) -> None:
        _, raw = token_create(user=analyst, name="script", acting_user=analyst)
        response = client.get(f"{API}/requirements", headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code == 200
        assert response.json()["count"] == 1


class TestRows:
    def test_saving_rows_then_the_same_again_changes_nothing(
        self, as_analyst: Client, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        rows = {"rows": [a_row(rocu, national_unit), a_row(rocu, national_unit, due="2026-10-15")]}
        first = post(as_analyst, "/requirements/nir-2026/rows", rows)
        assert first.status_code == 201
        assert first.json() == {
            "created": [
                "nir-2026.rocu-north-west.ta.20260715",
                "nir-2026.rocu-north-west.ta.20261015",
            ],
            "updated": [],
            "unchanged": [],
        }
        again = post(as_analyst, "/requirements/nir-2026/rows", rows)
        assert again.json()["unchanged"] == first.json()["created"]
        changed = a_row(rocu, national_unit, id="nir-2026.rocu-north-west.ta.20260715")
        changed["window_start"] = "2026-07-02"
        assert post(as_analyst, "/requirements/nir-2026/rows", {"rows": [changed]}).json()[
            "updated"
        ] == ["nir-2026.rocu-north-west.ta.20260715"]
        assert TimetableRow.objects.count() == 2

    def test_bad_rows_are_named_by_json_pointer_and_nothing_is_stored(
        self, as_analyst: Client, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        rows = [
            a_row(rocu, national_unit),
            a_row(rocu, national_unit, body="nowhere"),
            a_row(rocu, national_unit, product="haiku", window_start="2026-08-01"),
        ]
        response = post(as_analyst, "/requirements/nir-2026/rows", {"rows": rows})
        assert response.status_code == 422
        assert fields(response) == {"/rows/1/body", "/rows/2/product", "/rows/2/window_start"}
        assert not TimetableRow.objects.exists()

    def test_a_row_whose_date_is_not_a_date_is_named_by_json_pointer(
        self, as_analyst: Client, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        rows = [a_row(rocu, national_unit), a_row(rocu, national_unit, due="15/10/2026")]
        response = post(as_analyst, "/requirements/nir-2026/rows", {"rows": rows})
        assert response.status_code == 422
        assert fields(response) == {"/rows/1/due"}
        assert post(as_analyst, "/requirements/nir-2026/rows", {"rows": []}).status_code == 422
        assert not TimetableRow.objects.exists()

    def test_the_rows_are_listed_by_due_date_and_filtered(
        self, as_analyst: Client, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        make_row(id="b", requirement=requirement, body=rocu, due=date(2026, 10, 15))
        make_row(
            id="a",
            requirement=requirement,
            body=rocu,
            deliver_to=national_unit,
            due=date(2026, 7, 15),
        )
        make_row(id="c", requirement=requirement, body=national_unit, product="problem_profile")
        listed = as_analyst.get(f"{API}/requirements/nir-2026/rows?body={rocu.pk}").json()
        assert listed["count"] == 2
        assert listed["items"][0] == {
            "id": "a",
            "requirement": "nir-2026",
            "body": rocu.pk,
            "body_name": rocu.name,
            "product": "tactical_assessment",
            "due": "2026-07-15",
            "window_start": None,
            "deliver_to": national_unit.pk,
        }
        assert [r["id"] for r in listed["items"]] == ["a", "b"]
        product = as_analyst.get(f"{API}/requirements/nir-2026/rows?product=problem_profile")
        assert [r["id"] for r in product.json()["items"]] == ["c"]
        bad = as_analyst.get(f"{API}/requirements/nir-2026/rows?product=haiku&limit=0")
        assert bad.status_code == 422
        assert fields(bad) == {"product", "limit"}

    def test_a_contributor_may_not_save_rows(
        self, client: Client, contributor: User, requirement: Requirement, rocu: Body
    ) -> None:
        client.force_login(contributor)
        response = post(client, "/requirements/nir-2026/rows", {"rows": [a_row(rocu, rocu)]})
        assert response.status_code == 403
        assert not TimetableRow.objects.exists()

    def test_deleting_a_row(
        self, client: Client, analyst: User, contributor: User, requirement: Requirement
    ) -> None:
        row = make_row(requirement=requirement)
        client.force_login(contributor)
        assert client.delete(f"{API}/timetable-rows/{row.pk}").status_code == 403
        client.force_login(analyst)
        assert client.delete(f"{API}/timetable-rows/{row.pk}").status_code == 204
        assert not TimetableRow.objects.filter(pk=row.pk).exists()
        again = client.delete(f"{API}/timetable-rows/{row.pk}")
        assert again.status_code == 404
        assert row.pk in again.json()["detail"]


class TestCsvImport:
    URL = f"{API}/requirements/nir-2026/rows/import"
    HEADER = "body,product,due,window_start,deliver_to\n"

    def send(self, client: Client, text: str, content_type: str = "text/csv") -> Any:
        return client.post(self.URL, text.encode(), content_type=content_type)

    def test_imports_every_row(
        self, as_analyst: Client, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        text = (
            self.HEADER
            + "rocu-north-west,tactical_assessment,2026-07-15,2026-07-01,nac\n"
            + "rocu-north-west,tactical_assessment,2026-10-15,,nac\n"
        )
        response = self.send(as_analyst, text)
        assert response.status_code == 201
        assert len(response.json()["created"]) == 2
        assert TimetableRow.objects.count() == 2

    def test_errors_name_the_line_and_column_and_nothing_is_stored(
        self, as_analyst: Client, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        text = (
            self.HEADER
            + "rocu-north-west,tactical_assessment,2026-07-15,,nac\n"
            + "nowhere,tactical_assessment,15/10/2026,,nac\n"
        )
        response = self.send(as_analyst, text)
        assert response.status_code == 422
        assert fields(response) == {"line 3, body", "line 3, due"}
        assert not TimetableRow.objects.exists()

    def test_a_bad_header_is_line_1(self, as_analyst: Client, requirement: Requirement) -> None:
        response = self.send(as_analyst, "body,due\nx,y\n")
        assert response.status_code == 422
        assert fields(response) == {"line 1"}

    def test_only_csv_is_taken(self, as_analyst: Client, requirement: Requirement) -> None:
        assert self.send(as_analyst, "{}", content_type="application/json").status_code == 415
        response = as_analyst.post(self.URL, b"body\xff\n", content_type="text/csv")
        assert response.status_code == 422
        assert fields(response) == {"file"}


class TestGenerate:
    URL = "/requirements/nir-2026/rows/generate"

    def test_every_rocu_a_tactical_assessment_15_days_after_each_quarter(
        self, as_analyst: Client, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        rule = {
            "product": "tactical_assessment",
            "every": "quarter",
            "days_after": 15,
            "deliver_to": national_unit.pk,
            "body_kinds": ["rocu"],
        }
        response = post(as_analyst, self.URL, rule)
        assert response.status_code == 201
        assert len(response.json()["created"]) == 4
        assert sorted(TimetableRow.objects.values_list("due", flat=True)) == [
            date(2026, 7, 15),
            date(2026, 10, 15),
            date(2027, 1, 15),
            date(2027, 4, 15),
        ]
        assert len(post(as_analyst, self.URL, rule).json()["unchanged"]) == 4

    def test_a_bad_rule_names_each_field_and_stores_nothing(
        self, as_analyst: Client, requirement: Requirement, national_unit: Body
    ) -> None:
        rule = {
            "product": "tactical_assessment",
            "every": "fortnight",
            "days_after": 15,
            "deliver_to": national_unit.pk,
            "body_kinds": ["guild"],
        }
        response = post(as_analyst, self.URL, rule)
        assert response.status_code == 422
        assert fields(response) == {"every", "body_kinds.0"}
        nobody = post(as_analyst, self.URL, rule | {"every": "month", "body_kinds": []})
        assert fields(nobody) == {"bodies"}
        assert not TimetableRow.objects.exists()


class TestAcknowledgements:
    URL = "/requirements/nir-2026/acknowledgements"

    def test_a_contributor_acknowledges_for_their_body_once(
        self, client: Client, contributor: User, requirement: Requirement, rocu: Body
    ) -> None:
        make_row(requirement=requirement, body=rocu)
        client.force_login(contributor)
        first = client.post(f"{API}{self.URL}", content_type="application/json")
        assert first.status_code == 201
        assert first.json() == {
            "requirement": "nir-2026",
            "body": rocu.pk,
            "date": timezone.localdate().isoformat(),
        }
        again = post(client, self.URL, {"body": rocu.pk})
        assert again.status_code == 200
        assert again.json() == first.json()
        assert client.get(f"{API}{self.URL}").json() == [first.json()]

    def test_not_for_another_body(
        self,
        client: Client,
        contributor: User,
        requirement: Requirement,
        other_force: Body,
    ) -> None:
        make_row(requirement=requirement, body=other_force)
        client.force_login(contributor)
        response = post(client, self.URL, {"body": other_force.pk})
        assert response.status_code == 422
        assert fields(response) == {"body"}
        assert not Acknowledgement.objects.exists()

    def test_an_inspector_may_not(
        self, client: Client, inspector: User, requirement: Requirement, national_unit: Body
    ) -> None:
        make_row(requirement=requirement, body=national_unit)
        client.force_login(inspector)
        assert post(client, self.URL, {}).status_code == 403
        assert not Acknowledgement.objects.exists()


class TestCompliance:
    """A row of the ROCU due 15 July 2026, met only by a SECRET submission on 10 July."""

    @pytest.fixture
    def met_in_secret(
        self, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> tuple[TimetableRow, Submission]:
        row = make_row(
            id="q1",
            requirement=requirement,
            body=rocu,
            deliver_to=national_unit,
            due=date(2026, 7, 15),
            window_start=date(2026, 7, 1),
        )
        secret = make_submission(
            body=rocu,
            received_by=national_unit,
            kind="tactical_assessment",
            received=at(date(2026, 7, 10)),
            classification="secret",
        )
        return row, secret

    def get(self, client: Client, user: User, query: str = "") -> Any:
        client.force_login(user)
        return client.get(f"{API}/compliance?requirement=nir-2026&as_of=2026-08-01{query}")

    def test_an_official_user_sees_the_row_missing_and_no_submission(
        self, client: Client, uncleared: User, met_in_secret: tuple[TimetableRow, Submission]
    ) -> None:
        document = self.get(client, uncleared).json()
        assert document["judged_on_visible_only"] is True
        [body] = document["bodies"]
        assert body["rows"] == [
            {
                "id": "q1",
                "product": "tactical_assessment",
                "due": "2026-07-15",
                "window_start": "2026-07-01",
                "deliver_to": "nac",
                "status": "missing",
                "received": None,
                "submission": None,
            }
        ]
        assert document["totals"] == {"on_time": 0, "late": 0, "missing": 1, "due": 0}

    def test_a_secret_user_sees_it_met_on_time(
        self, client: Client, analyst: User, met_in_secret: tuple[TimetableRow, Submission]
    ) -> None:
        _, secret = met_in_secret
        document = self.get(client, analyst).json()
        [row] = document["bodies"][0]["rows"]
        assert (row["status"], row["received"], row["submission"]) == (
            "on_time",
            "2026-07-10",
            secret.pk,
        )
        # Cleared for SECRET, not for TOP SECRET nor every compartment.
        assert document["judged_on_visible_only"] is True

    def test_someone_cleared_for_everything_gets_no_caveat(
        self,
        client: Client,
        administrator: User,
        met_in_secret: tuple[TimetableRow, Submission],
    ) -> None:
        assert self.get(client, administrator).json()["judged_on_visible_only"] is False

    def test_each_body_shows_what_was_done_about_it(
        self,
        client: Client,
        analyst: User,
        requirement: Requirement,
        rocu: Body,
        met_in_secret: tuple[TimetableRow, Submission],
    ) -> None:
        gap = make_row(
            id="gap",
            requirement=requirement,
            body=rocu,
            due=date(2026, 7, 20),
            product="problem_profile",
        )
        AcknowledgementFactory(requirement=requirement, body=rocu, date=date(2026, 3, 20))
        TimetableReminder.objects.create(row=gap, kind="missed", sent=at(date(2026, 7, 22)))
        meeting = make_meeting(
            id="ntig-9", series=MeetingSeriesFactory(kind="ntig"), status="scheduled"
        )
        escalation = TimetableEscalation.objects.create(
            requirement=requirement, body=rocu, meeting=meeting, raised=at(date(2026, 7, 25))
        )
        TimetableEscalation.objects.create(
            requirement=requirement, body=rocu, raised=at(date(2026, 9, 1))
        )
        [body] = self.get(client, analyst).json()["bodies"]
        assert {key: body[key] for key in body if key != "rows"} == {
            "body": rocu.pk,
            "body_name": rocu.name,
            "acknowledged": "2026-03-20",
            "reminders": 1,
            "escalation": escalation.pk,
            "escalated_to": "ntig-9",
            "counts": {"on_time": 1, "late": 0, "missing": 1, "due": 0},
        }

    def test_filters_and_bad_parameters(
        self,
        client: Client,
        analyst: User,
        requirement: Requirement,
        national_unit: Body,
        met_in_secret: tuple[TimetableRow, Submission],
    ) -> None:
        make_row(requirement=requirement, body=national_unit, due=date(2026, 9, 1))
        assert [b["body"] for b in self.get(client, analyst, "&status=due").json()["bodies"]] == [
            national_unit.pk
        ]
        assert [b["body"] for b in self.get(client, analyst, "&body=nac").json()["bodies"]] == [
            national_unit.pk
        ]
        response = client.get(f"{API}/compliance?as_of=yesterday&status=late-ish")
        assert response.status_code == 422
        assert fields(response) == {"as_of", "status"}

    def test_the_requirement_defaults_to_the_current_one(
        self, as_analyst: Client, requirement: Requirement
    ) -> None:
        response = as_analyst.get(f"{API}/compliance?as_of=2026-08-01")
        assert response.json()["requirement"] == "nir-2026"
        assert as_analyst.get(f"{API}/compliance?as_of=2026-01-01").status_code == 404
        assert as_analyst.get(f"{API}/compliance?requirement=nope").status_code == 404

    def test_the_date_defaults_to_the_one_the_loaded_picture_describes(
        self,
        as_analyst: Client,
        rocu: Body,
        met_in_secret: tuple[TimetableRow, Submission],
    ) -> None:
        BundleLoad.objects.create(sha256="a" * 64, size_bytes=1, as_of=date(2026, 7, 12))
        document = as_analyst.get(f"{API}/compliance").json()
        assert (document["requirement"], document["as_of"]) == ("nir-2026", "2026-07-12")
        assert document["bodies"][0]["rows"][0]["status"] == "on_time"
        history = as_analyst.get(f"{API}/compliance/{rocu.pk}/history").json()
        assert history["as_of"] == "2026-07-12"

    def test_a_body_s_history_is_judged_the_same_way(
        self,
        client: Client,
        uncleared: User,
        analyst: User,
        rocu: Body,
        met_in_secret: tuple[TimetableRow, Submission],
    ) -> None:
        url = f"{API}/compliance/{rocu.pk}/history?as_of=2026-08-01"
        client.force_login(uncleared)
        low = client.get(url).json()
        assert [(r["requirement"], r["counts"]["missing"]) for r in low["requirements"]] == [
            ("nir-2026", 1)
        ]
        client.force_login(analyst)
        high = client.get(url).json()
        assert high["requirements"][0]["rows"][0]["status"] == "on_time"
        assert client.get(f"{API}/compliance/nowhere/history").status_code == 404


class TestEscalations:
    @pytest.fixture
    def gap(self, rocu: Body, national_unit: Body) -> TimetableRow:
        today = timezone.localdate()
        requirement = RequirementFactory(
            id="nir-now",
            period_start=today - timedelta(days=200),
            period_end=today + timedelta(days=165),
            issued=today - timedelta(days=210),
        )
        return make_row(
            id="gap",
            requirement=requirement,
            body=rocu,
            deliver_to=national_unit,
            due=today - timedelta(days=20),
        )

    def test_an_analyst_puts_a_gap_on_the_next_ntig_agenda(
        self, as_analyst: Client, analyst: User, rocu: Body, gap: TimetableRow
    ) -> None:
        series = MeetingSeriesFactory(id="ntig", kind="ntig")
        next_date = timezone.localdate() + timedelta(days=9)
        make_meeting(id="ntig-1", series=series, date=next_date, status="scheduled")
        body = {"requirement": "nir-now", "body": rocu.pk, "reason": "third miss"}
        response = post(as_analyst, "/escalations", body)
        assert response.status_code == 201
        made = response.json()
        assert {key: made[key] for key in ("requirement", "body", "rows", "meeting", "reason")} == {
            "requirement": "nir-now",
            "body": rocu.pk,
            "rows": ["gap"],
            "meeting": {"id": "ntig-1", "date": next_date.isoformat()},
            "reason": "third miss",
        }
        assert made["raised_by"] == analyst.username
        listed = as_analyst.get(f"{API}/escalations?meeting=ntig-1&requirement=nir-now").json()
        assert [e["id"] for e in listed["items"]] == [made["id"]]
        again = post(as_analyst, "/escalations", body)
        assert again.status_code == 422
        assert fields(again) == {"body"}
        assert TimetableEscalation.objects.count() == 1

    def test_with_no_meeting_scheduled_it_waits(
        self, as_analyst: Client, rocu: Body, gap: TimetableRow
    ) -> None:
        response = post(as_analyst, "/escalations", {"requirement": "nir-now", "body": rocu.pk})
        assert response.status_code == 201
        assert response.json()["meeting"] is None

    def test_bad_input_names_the_field_and_stores_nothing(
        self, as_analyst: Client, national_unit: Body, gap: TimetableRow
    ) -> None:
        unknown = post(as_analyst, "/escalations", {"requirement": "nope", "body": "nac"})
        assert unknown.status_code == 422
        assert fields(unknown) == {"requirement"}
        nothing_missing = post(
            as_analyst, "/escalations", {"requirement": "nir-now", "body": "nac"}
        )
        assert fields(nothing_missing) == {"body"}
        assert fields(post(as_analyst, "/escalations", {"body": "nac"})) == {"requirement"}
        no_meeting = as_analyst.get(f"{API}/escalations?meeting=nope")
        assert fields(no_meeting) == {"meeting"}
        assert not TimetableEscalation.objects.exists()

    def test_a_contributor_may_not_escalate(
        self, client: Client, contributor: User, rocu: Body, gap: TimetableRow
    ) -> None:
        client.force_login(contributor)
        response = post(client, "/escalations", {"requirement": "nir-now", "body": rocu.pk})
        assert response.status_code == 403
        assert not TimetableEscalation.objects.exists()


def test_the_openapi_document_lists_the_timetable(client: Client) -> None:
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert {
        "/api/v1/requirements": {"get", "post"},
        "/api/v1/requirements/{requirement_id}": {"get"},
        "/api/v1/requirements/{requirement_id}/rows": {"get", "post"},
        "/api/v1/requirements/{requirement_id}/rows/import": {"post"},
        "/api/v1/requirements/{requirement_id}/rows/generate": {"post"},
        "/api/v1/timetable-rows/{row_id}": {"delete"},
        "/api/v1/requirements/{requirement_id}/acknowledgements": {"get", "post"},
        "/api/v1/compliance": {"get"},
        "/api/v1/compliance/{body_id}/history": {"get"},
        "/api/v1/escalations": {"get", "post"},
    }.items() <= {path: set(methods) for path, methods in paths.items()}.items()
    compliance = {p["name"] for p in paths["/api/v1/compliance"]["get"]["parameters"]}
    assert compliance == {"requirement", "body", "status", "as_of"}
