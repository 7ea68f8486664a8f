"""The timetable's pages: issuing a requirement, keeping its rows, acknowledging, compliance."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from soctasking.accounts.models import User
from soctasking.bodies.models import Body
from soctasking.intelligence.models import Acknowledgement, Requirement, TimetableRow
from soctasking.meetings.models import Meeting
from soctasking.testing.factories import (
    MeetingFactory,
    MeetingSeriesFactory,
    RequirementFactory,
    SubmissionFactory,
    ThreatFactory,
    TimetableRowFactory,
)
from soctasking.timetable.models import TimetableEscalation

pytestmark = pytest.mark.django_db

LIST = "/timetable/"
COMPLIANCE = "/timetable/compliance/"


def requirement_url(requirement_id: str, action: str = "") -> str:
    return f"/timetable/requirements/{requirement_id}/{action + '/' if action else ''}"


@pytest.fixture
def requirement() -> Requirement:
    today = timezone.localdate()
    return RequirementFactory(
        id="nir-now",
        period_start=today - timedelta(days=120),
        period_end=today + timedelta(days=240),
        issued=today - timedelta(days=130),
    )


def make_row(**kwargs: object) -> TimetableRow:
    return TimetableRowFactory(**kwargs)


def make_meeting(**kwargs: object) -> Meeting:
    return MeetingFactory(**kwargs)


@pytest.fixture
def rows(requirement: Requirement, rocu: Body, other_force: Body, national_unit: Body) -> None:
    today = timezone.localdate()
    make_row(
        id="rocu-missed",
        requirement=requirement,
        body=rocu,
        deliver_to=national_unit,
        due=today - timedelta(days=30),
        window_start=today - timedelta(days=45),
    )
    make_row(
        id="kent-met",
        requirement=requirement,
        body=other_force,
        deliver_to=national_unit,
        due=today - timedelta(days=30),
        window_start=today - timedelta(days=45),
    )
    SubmissionFactory(
        body=other_force,
        received_by=national_unit,
        kind="tactical_assessment",
        received=timezone.now() - timedelta(days=35),
        classification="secret",
    )


class TestRequirementPages:
    def test_an_analyst_issues_a_requirement_with_collection_priorities(
        self, client: Client, analyst: User
    ) -> None:
        ThreatFactory(id="drugs", name="Drugs")
        ThreatFactory(id="fraud", name="Fraud")
        client.force_login(analyst)
        assert "Issue a requirement" in client.get(LIST).content.decode()
        response = client.post(
            "/timetable/requirements/new/",
            {
                "id": "nir-2027",
                "period_start": "2027-04-01",
                "period_end": "2028-03-31",
                "issued": "2027-03-01",
                "threat__drugs": "high",
                "threat__fraud": "none",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == requirement_url("nir-2027")
        assert dict(
            Requirement.objects.get(pk="nir-2027").threats.values_list(
                "threat_id", "collection_priority"
            )
        ) == {"drugs": "high", "fraud": ""}
        page = client.get(requirement_url("nir-2027")).content.decode()
        assert "high collection priority" in page

    def test_bad_dates_are_named_and_nothing_is_stored(self, client: Client, analyst: User) -> None:
        client.force_login(analyst)
        response = client.post(
            "/timetable/requirements/new/",
            {
                "id": "nir-x",
                "period_start": "2027-04-01",
                "period_end": "2027-01-01",
                "issued": "soon",
            },
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page
        assert "Issued on must be a real date" in page
        assert not Requirement.objects.exists()

    def test_a_contributor_cannot_open_the_issue_page(
        self, client: Client, contributor: User
    ) -> None:
        client.force_login(contributor)
        assert client.get("/timetable/requirements/new/").status_code == 404
        assert "Issue a requirement" not in client.get(LIST).content.decode()


class TestRows:
    def test_an_analyst_adds_a_row_and_removes_it(
        self,
        client: Client,
        analyst: User,
        requirement: Requirement,
        rocu: Body,
        national_unit: Body,
    ) -> None:
        client.force_login(analyst)
        response = client.post(
            requirement_url("nir-now", "rows"),
            {
                "row-body": rocu.pk,
                "row-product": "tactical_assessment",
                "row-due": "2027-01-15",
                "row-deliver_to": national_unit.pk,
            },
        )
        assert response.status_code == 302
        row = TimetableRow.objects.get()
        assert (row.body_id, row.due) == (rocu.pk, date(2027, 1, 15))
        client.post(f"/timetable/rows/{row.pk}/delete/")
        assert not TimetableRow.objects.exists()

    def test_a_row_due_before_the_period_is_refused_on_its_field(
        self,
        client: Client,
        analyst: User,
        requirement: Requirement,
        rocu: Body,
        national_unit: Body,
    ) -> None:
        client.force_login(analyst)
        response = client.post(
            requirement_url("nir-now", "rows"),
            {
                "row-body": rocu.pk,
                "row-product": "tactical_assessment",
                "row-due": "2001-01-15",
                "row-deliver_to": national_unit.pk,
            },
        )
        assert response.status_code == 400
        assert "due before the requirement&#x27;s period starts" in response.content.decode()
        assert not TimetableRow.objects.exists()

    def test_rows_from_a_rule(
        self,
        client: Client,
        analyst: User,
        requirement: Requirement,
        rocu: Body,
        national_unit: Body,
    ) -> None:
        client.force_login(analyst)
        response = client.post(
            requirement_url("nir-now", "generate"),
            {
                "body_kinds": ["rocu"],
                "product": "tactical_assessment",
                "every": "quarter",
                "days_after": "15",
                "deliver_to": national_unit.pk,
            },
        )
        assert response.status_code == 302
        assert TimetableRow.objects.filter(body=rocu).count() >= 3

    def test_a_rule_for_nobody_is_refused(
        self, client: Client, analyst: User, requirement: Requirement, national_unit: Body
    ) -> None:
        client.force_login(analyst)
        response = client.post(
            requirement_url("nir-now", "generate"),
            {
                "product": "tactical_assessment",
                "every": "quarter",
                "days_after": "15",
                "deliver_to": national_unit.pk,
            },
        )
        assert "Choose the kinds of body, or the bodies" in response.content.decode()
        assert not TimetableRow.objects.exists()

    def test_csv_import_and_its_errors(
        self,
        client: Client,
        analyst: User,
        requirement: Requirement,
        rocu: Body,
        national_unit: Body,
    ) -> None:
        client.force_login(analyst)
        due = (requirement.period_start + timedelta(days=100)).isoformat()
        bad = (
            "body,product,due,deliver_to\n"
            f"rocu-north-west,tactical_assessment,{due},nac\n"
            f"ghost,x,{due},nac\n"
        )
        response = client.post(
            requirement_url("nir-now", "import"),
            {"file": SimpleUploadedFile("rows.csv", bad.encode(), content_type="text/csv")},
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert "nothing was stored" in page
        assert "Line 3, body: No body has the id &#x27;ghost&#x27;." in page
        assert not TimetableRow.objects.exists()
        good = f"body,product,due,deliver_to\nrocu-north-west,tactical_assessment,{due},nac\n"
        response = client.post(
            requirement_url("nir-now", "import"),
            {"file": SimpleUploadedFile("rows.csv", good.encode(), content_type="text/csv")},
        )
        assert response.status_code == 302
        assert TimetableRow.objects.count() == 1

    def test_a_contributor_cannot_keep_rows(
        self,
        client: Client,
        contributor: User,
        requirement: Requirement,
        rocu: Body,
        national_unit: Body,
    ) -> None:
        client.force_login(contributor)
        assert client.get(requirement_url("nir-now", "import")).status_code == 404
        response = client.post(
            requirement_url("nir-now", "rows"),
            {
                "row-body": rocu.pk,
                "row-product": "tactical_assessment",
                "row-due": "2027-01-15",
                "row-deliver_to": national_unit.pk,
            },
        )
        assert response.status_code == 403
        assert not TimetableRow.objects.exists()


def test_a_contributor_acknowledges_their_rows(
    client: Client, contributor: User, requirement: Requirement, rows: None
) -> None:
    client.force_login(contributor)
    page = client.get(requirement_url("nir-now")).content.decode()
    assert "Acknowledge our rows" in page
    response = client.post(requirement_url("nir-now", "acknowledge"), follow=True)
    assert "North West ROCU acknowledged nir-now" in response.content.decode()
    assert Acknowledgement.objects.get().body_id == "rocu-north-west"


class TestCompliance:
    def test_statuses_are_judged_on_what_the_reader_may_see(
        self, client: Client, outsider: User, analyst: User, rows: None
    ) -> None:
        client.force_login(outsider)
        low = client.get(COMPLIANCE).context
        assert {e.body.pk: e.missing for e in low["pagination"].page} == {
            "rocu-north-west": 1,
            "force-kent": 1,
        }
        assert low["caveat"] is True
        client.force_login(analyst)
        high = client.get(COMPLIANCE).context
        assert {e.body.pk: e.missing for e in high["pagination"].page} == {
            "rocu-north-west": 1,
            "force-kent": 0,
        }

    def test_filters_narrow_the_bodies(self, client: Client, analyst: User, rows: None) -> None:
        client.force_login(analyst)
        response = client.get(COMPLIANCE, {"status": "missing"})
        assert [e.body.pk for e in response.context["pagination"].page] == ["rocu-north-west"]
        response = client.get(COMPLIANCE, {"body": "force-kent"})
        assert [e.body.pk for e in response.context["pagination"].page] == ["force-kent"]

    def test_an_impossible_date_is_named(self, client: Client, analyst: User, rows: None) -> None:
        client.force_login(analyst)
        page = client.get(COMPLIANCE, {"as_of": "2026-02-30"}).content.decode()
        assert "As of must be a real date" in page

    def test_the_body_page_shows_its_history(
        self, client: Client, analyst: User, rows: None, rocu: Body, national_unit: Body
    ) -> None:
        old = RequirementFactory(
            id="nir-old",
            period_start=date(2020, 4, 1),
            period_end=date(2021, 3, 31),
            issued=date(2020, 3, 1),
        )
        make_row(requirement=old, body=rocu, deliver_to=national_unit, due=date(2020, 7, 15))
        SubmissionFactory(
            body=rocu,
            received_by=national_unit,
            kind="tactical_assessment",
            received=datetime(2020, 7, 20, 12, tzinfo=UTC),
        )
        client.force_login(analyst)
        response = client.get(f"{COMPLIANCE}rocu-north-west/")
        history = response.context["history"]
        assert [(h.requirement.pk, [r.status for r in h.rows]) for h in history] == [
            ("nir-now", ["missing"]),
            ("nir-old", ["late"]),
        ]

    def test_a_gap_is_escalated_in_one_click(
        self, client: Client, secretariat: User, rows: None
    ) -> None:
        series = MeetingSeriesFactory(id="ntig", kind="ntig")
        meeting = make_meeting(
            series=series, date=timezone.localdate() + timedelta(days=10), status="scheduled"
        )
        client.force_login(secretariat)
        page = client.get(COMPLIANCE).content.decode()
        assert "Escalate to NTIG" in page
        response = client.post(
            f"{COMPLIANCE}rocu-north-west/escalate/",
            {"requirement": "nir-now", "next": COMPLIANCE},
            follow=True,
        )
        assert "put on the agenda of the NTIG meeting" in response.content.decode()
        assert TimetableEscalation.objects.get().meeting == meeting
        assert "To the NTIG of" in client.get(COMPLIANCE).content.decode()

    def test_an_inspector_reads_but_cannot_escalate(
        self, client: Client, inspector: User, rows: None
    ) -> None:
        client.force_login(inspector)
        assert "Escalate to NTIG" not in client.get(COMPLIANCE).content.decode()
        response = client.post(f"{COMPLIANCE}rocu-north-west/escalate/", {"requirement": "nir-now"})
        assert response.status_code == 403
        assert not TimetableEscalation.objects.exists()
