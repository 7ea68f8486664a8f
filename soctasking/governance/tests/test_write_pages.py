"""The governance pages that write: setting up and changing groups, drafting, approving and
versioning plans, reporting progress; and the assurance report of an NTTCG sitting, on the
page and as a PDF, with the chair's conclusion recorded on it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from soctasking.accounts.models import User
from soctasking.bodies.models import Body
from soctasking.governance.models import (
    ActionPlan,
    AssuranceRecord,
    GovernanceGroup,
    PlanAction,
    ProgressReport,
)
from soctasking.testing.factories import (
    ActionPlanFactory,
    AssessmentFactory,
    GovernanceGroupFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    PlanActionFactory,
    ProgressReportFactory,
    ThreatFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_the_secretariat_sets_up_a_group_from_the_form(
    client: Client, secretariat: User, national_unit: Body, rocu: Body
) -> None:
    ThreatFactory(id="fraud", name="Fraud")
    client.force_login(secretariat)

    page = client.get(reverse("governance:group_new"))
    answer = client.post(
        reverse("governance:group_new"),
        {
            "id": "sgg-fraud",
            "name": "Fraud governance group",
            "kind": "sgg",
            "theme": "prosperity",
            "status": "active",
            "chair": "nac",
            "members": ["rocu-north-west"],
            "threats": ["fraud"],
            "new_series_cadence": "monthly",
        },
        follow=True,
    )

    assert page.status_code == 200
    assert answer.status_code == 200
    assert "Fraud governance group is set up." in answer.content.decode()
    group = GovernanceGroup.objects.get(pk="sgg-fraud")
    assert group.series.get().cadence == "monthly"
    assert "North West ROCU" in answer.content.decode()


def test_a_group_form_with_errors_links_each_to_its_field_and_stores_nothing(
    client: Client, secretariat: User
) -> None:
    client.force_login(secretariat)

    answer = client.post(reverse("governance:group_new"), {"kind": "committee", "status": "x"})

    assert answer.status_code == 400
    content = answer.content.decode()
    assert 'href="#id_name"' in content
    assert "Enter the group&#x27;s name" in content
    assert "Choose a kind from the list" in content
    assert not GovernanceGroup.objects.exists()


def test_a_group_is_changed_and_its_page_shows_members_and_last_sitting(
    client: Client, secretariat: User, rocu: Body
) -> None:
    group = GovernanceGroupFactory(id="tg", name="Threat group", kind="threat_group")
    series = MeetingSeriesFactory(id="tg-meetings", name="TG meetings", kind="threat_group")
    MeetingFactory(id="tg-1", series=series, date=TODAY - timedelta(days=10), status="held")
    client.force_login(secretariat)

    answer = client.post(
        reverse("governance:group_edit", args=[group.id]),
        {
            "name": "Threat group",
            "kind": "threat_group",
            "status": "active",
            "members": ["rocu-north-west"],
            "series": ["tg-meetings"],
        },
        follow=True,
    )

    content = answer.content.decode()
    assert "Threat group is changed." in content
    assert "North West ROCU" in content
    assert (TODAY - timedelta(days=10)).strftime("%-d %B %Y") in content


@pytest.mark.parametrize("persona", ["analyst", "chair", "contributor", "inspector"])
def test_only_the_secretariat_and_administrators_open_the_group_form(
    request: pytest.FixtureRequest, client: Client, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("governance:group_new")).status_code == 403


def test_a_chair_drafts_a_plan_adds_an_action_and_approves_it(
    client: Client, chair: User, national_unit: Body, rocu: Body
) -> None:
    ThreatFactory(id="fraud", name="Fraud")
    group = GovernanceGroupFactory(id="sgg", status="active", chair=national_unit)
    group.threats.set(["fraud"])
    client.force_login(chair)

    client.post(reverse("governance:action_plan_new", args=["sgg"]), {"threats": ["fraud"]})
    plan = ActionPlan.objects.get()
    client.post(
        reverse("governance:plan_action_new", args=[plan.id]),
        {
            "text": "Warn the public about courier fraud.",
            "strand": "protect",
            "owner": "rocu-north-west",
            "due": (TODAY + timedelta(days=30)).isoformat(),
            "threats": ["fraud"],
        },
    )
    approved = client.post(reverse("governance:plan_approve", args=[plan.id]), {}, follow=True)

    plan.refresh_from_db()
    assert (plan.draft, plan.approved) == (False, TODAY)
    assert PlanAction.objects.get().strand == "protect"
    assert f"Action plan {plan.id} is approved." in approved.content.decode()
    assert "Report progress" in approved.content.decode()


def test_the_plan_page_refuses_a_plan_for_a_disbanded_group(
    client: Client, secretariat: User
) -> None:
    ThreatFactory(id="fraud")
    GovernanceGroupFactory(id="gone", status="disbanded")
    client.force_login(secretariat)

    answer = client.post(
        reverse("governance:action_plan_new", args=["gone"]), {"threats": ["fraud"]}
    )

    assert answer.status_code == 400
    assert "disbanded" in answer.content.decode()
    assert not ActionPlan.objects.exists()


def test_a_new_version_is_started_from_the_approved_plan(
    client: Client, secretariat: User, rocu: Body
) -> None:
    plan = ActionPlanFactory(
        id="sap", group=GovernanceGroupFactory(status="active"), approved=TODAY
    )
    PlanActionFactory(plan=plan, owner=rocu)
    client.force_login(secretariat)

    answer = client.post(reverse("governance:plan_version_new", args=["sap"]), follow=True)

    content = answer.content.decode()
    assert "Version 2 is started as a draft." in content
    assert "stays in force until it is approved" in content
    assert ActionPlan.objects.get(supersedes="sap").actions.count() == 1


def _reporting_plan(chair: User) -> ActionPlan:
    group = GovernanceGroupFactory(id="sgg", name="Fraud group", status="active", chair=chair.body)
    return ActionPlanFactory(id="sap-fraud", group=group, approved=TODAY - timedelta(days=60))


def test_a_chair_reports_progress_and_is_told_the_sitting_it_goes_to(
    client: Client, chair: User
) -> None:
    plan = _reporting_plan(chair)
    nttcg = MeetingSeriesFactory(name="NTTCG", kind="nttcg")
    MeetingFactory(
        id="nttcg-next", series=nttcg, date=TODAY + timedelta(days=5), status="scheduled"
    )
    client.force_login(chair)

    form = client.get(reverse("governance:progress_report_new", args=[plan.id]))
    answer = client.post(
        reverse("governance:progress_report_new", args=[plan.id]),
        {"rating": "amber", "narrative": "One action slipped a month."},
        follow=True,
    )

    assert (TODAY + timedelta(days=5)).strftime("%-d %B %Y") in form.content.decode()
    content = answer.content.decode()
    assert "for the NTTCG sitting on" in content
    assert "(nttcg-next)" in content
    assert ProgressReport.objects.get().to_meeting_id == "nttcg-next"


def test_a_report_with_no_nttcg_scheduled_is_kept_with_a_clear_warning(
    client: Client, chair: User
) -> None:
    plan = _reporting_plan(chair)
    client.force_login(chair)

    form = client.get(reverse("governance:progress_report_new", args=[plan.id]))
    answer = client.post(
        reverse("governance:progress_report_new", args=[plan.id]),
        {"rating": "green", "narrative": "On track."},
        follow=True,
    )

    assert "No national tactical tasking and coordination group sitting is scheduled" in (
        form.content.decode()
    )
    assert "no NTTCG sitting is scheduled on or after" in answer.content.decode()
    assert ProgressReport.objects.get().to_meeting is None


def test_a_rating_outside_rag_on_the_form_is_explained_and_nothing_stored(
    client: Client, chair: User
) -> None:
    plan = _reporting_plan(chair)
    client.force_login(chair)

    answer = client.post(
        reverse("governance:progress_report_new", args=[plan.id]),
        {"rating": "blue", "narrative": "x"},
    )

    assert answer.status_code == 400
    content = answer.content.decode()
    assert 'href="#id_rating_0"' in content
    assert "Choose a rating: red, amber or green" in content
    assert not ProgressReport.objects.exists()


@pytest.fixture
def sitting(national_unit: Body, rocu: Body) -> str:
    """An NTTCG sitting today, after one 90 days ago: two plans of active groups, one reporting
    to it with an overdue action, one silent; a threat of the assessment no plan covers, a
    crossover, and a dormant group."""
    drugs = ThreatFactory(id="drugs", name="Drugs")
    fraud = ThreatFactory(id="fraud", name="Fraud")
    firearms = ThreatFactory(id="firearms", name="Firearms")
    nsa = AssessmentFactory(id="nsa", status="approved", issued=TODAY - timedelta(days=200))
    nsa.threats.set([drugs, fraud, firearms])
    nttcg = MeetingSeriesFactory(id="nttcg", name="NTTCG", kind="nttcg", chair=national_unit)
    MeetingFactory(id="nttcg-before", series=nttcg, date=TODAY - timedelta(days=90))
    MeetingFactory(id="nttcg-today", series=nttcg, date=TODAY, status="scheduled")
    commodities = GovernanceGroupFactory(
        id="sgg-commodities", name="Commodities group", status="active"
    )
    prosperity = GovernanceGroupFactory(
        id="sgg-prosperity", name="Prosperity group", status="active"
    )
    reporting = ActionPlanFactory(
        id="sap-drugs", group=commodities, approved=TODAY - timedelta(days=300)
    )
    reporting.threats.set([drugs])
    PlanActionFactory(
        id="sap-drugs-1", plan=reporting, owner=rocu, due=TODAY - timedelta(days=3), text="Seize."
    )
    ProgressReportFactory(plan=reporting, date=TODAY - timedelta(days=120), rating="red")
    ProgressReportFactory(
        plan=reporting, date=TODAY - timedelta(days=10), rating="amber", to_meeting_id="nttcg-today"
    )
    silent = ActionPlanFactory(
        id="sap-fraud", group=prosperity, approved=TODAY - timedelta(days=300)
    )
    silent.threats.set([fraud, drugs])
    return "nttcg-today"


def test_the_assurance_report_shows_plans_trends_overdue_coverage_and_dormancy(
    client: Client, chair: User, sitting: str
) -> None:
    client.force_login(chair)

    answer = client.get(reverse("governance:assurance_report", args=[sitting]))

    assert answer.status_code == 200
    content = answer.content.decode()
    assert "Assurance report for" in content
    assert "Improving (red, amber)" in content
    assert 'aria-label="Ratings, oldest first: red, amber"' in content
    assert "No report" in content
    assert "Seize." in content
    assert "GOV004" in content
    assert "Firearms (firearms)" in content
    assert "GOV005" in content
    assert "GOV001" in content
    assert "Record the chair's conclusion" in content


def test_the_assurance_report_downloads_as_a_pdf(
    client: Client, inspector: User, sitting: str
) -> None:
    client.force_login(inspector)

    answer = client.get(reverse("governance:assurance_report_pdf", args=[sitting]))

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
    assert f"assurance-{sitting}.pdf" in answer["Content-Disposition"]


def test_the_nttcg_chair_records_a_concern_on_the_silent_plan(
    client: Client, chair: User, sitting: str
) -> None:
    client.force_login(chair)

    answer = client.post(
        reverse("governance:assurance_record", args=[sitting]),
        {
            "outcome": "concern",
            "statement": "The fraud plan has not reported.",
            "plans": ["sap-fraud"],
        },
        follow=True,
    )

    content = answer.content.decode()
    assert "Concern raised: recorded as decision" in content
    assert "The fraud plan has not reported." in content
    record = AssuranceRecord.objects.get()
    assert (record.meeting_id, record.decision.kind) == (sitting, "other")


def test_a_conclusion_without_a_statement_is_explained_and_nothing_recorded(
    client: Client, chair: User, sitting: str
) -> None:
    client.force_login(chair)

    answer = client.post(
        reverse("governance:assurance_record", args=[sitting]), {"outcome": "given"}
    )

    assert answer.status_code == 400
    assert "Enter the assurance given or the concern raised" in answer.content.decode()
    assert not AssuranceRecord.objects.exists()


def test_an_inspector_reads_the_report_but_records_nothing(
    client: Client, inspector: User, sitting: str
) -> None:
    client.force_login(inspector)

    page = client.get(reverse("governance:assurance_report", args=[sitting]))
    refused = client.post(
        reverse("governance:assurance_record", args=[sitting]),
        {"outcome": "given", "statement": "x"},
    )

    assert "Record the chair's conclusion" not in page.content.decode()
    assert refused.status_code == 403
    assert not AssuranceRecord.objects.exists()


def test_a_sitting_that_is_not_an_nttcg_has_no_assurance_report(
    client: Client, chair: User
) -> None:
    MeetingFactory(id="sgg-1", series=MeetingSeriesFactory(kind="sgg"))
    client.force_login(chair)

    assert client.get(reverse("governance:assurance_report", args=["sgg-1"])).status_code == 404


def test_an_nttcg_sitting_s_page_links_to_its_assurance_report(
    client: Client, inspector: User, sitting: str
) -> None:
    client.force_login(inspector)

    page = client.get(reverse("meetings:meeting", args=[sitting]))

    assert reverse("governance:assurance_report", args=[sitting]) in page.content.decode()
