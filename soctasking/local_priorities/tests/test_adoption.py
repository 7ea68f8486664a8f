"""The adoption matrix and page: who adopted each priority threat, and how much each meets it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from soctasking.local_priorities.selectors import adoption_matrix
from soctasking.testing.factories import (
    BodyFactory,
    LocalPriorityEntryFactory,
    LocalPriorityFactory,
    SubmissionFactory,
    ThreatFactory,
    national_priorities_adopted,
)

pytestmark = pytest.mark.django_db

AS_OF = date(2017, 9, 30)
RECEIVED = datetime(2017, 8, 1, 12, tzinfo=UTC)


@pytest.fixture
def picture(national_unit):
    """Firearms and drugs the priorities; Kent adopts drugs only, and meets firearms often."""
    drugs = ThreatFactory(id="drugs", name="Drugs")
    county_lines = ThreatFactory(id="county-lines", name="County lines", parent=drugs)
    firearms = ThreatFactory(id="firearms", name="Firearms")
    national_priorities_adopted(["drugs", "firearms"], on=date(2017, 4, 20))
    kent = BodyFactory(id="kent", name="Kent Police", kind="police_force")
    essex = BodyFactory(id="essex", name="Essex Police", kind="police_force")
    BodyFactory(id="rocu-se", name="South East ROCU", kind="rocu")
    LocalPriorityEntryFactory(local_priority=LocalPriorityFactory(body=kent), threat=county_lines)
    for number in range(3):
        SubmissionFactory(
            id=f"kent-{number}",
            body=kent,
            received=RECEIVED,
            received_by=national_unit,
            threats=[firearms],
        )
    SubmissionFactory(
        id="kent-secret",
        body=kent,
        received=RECEIVED,
        received_by=national_unit,
        threats=[firearms],
        classification="secret",
    )
    SubmissionFactory(
        id="kent-drugs",
        body=kent,
        received=RECEIVED,
        received_by=national_unit,
        threats=[county_lines],
    )
    SubmissionFactory(
        id="essex-firearms",
        body=essex,
        received=RECEIVED,
        received_by=national_unit,
        threats=[firearms],
    )
    for number in range(4):
        SubmissionFactory(
            id=f"essex-other-{number}", body=essex, received=RECEIVED, received_by=national_unit
        )
    # Received over a year before the date: not counted.
    SubmissionFactory(
        id="kent-old",
        body=kent,
        received=datetime(2016, 6, 1, tzinfo=UTC),
        received_by=national_unit,
        threats=[firearms],
    )


def cells(matrix, body):
    [row] = [row for row in matrix.rows if row.body.pk == body]
    return row.submissions, {
        cell.threat: (cell.adopted, cell.submissions, cell.concern) for cell in row.cells
    }


def test_a_body_adopting_a_sub_threat_has_adopted_the_threat_and_counts_what_it_meets(
    picture, analyst
):
    matrix = adoption_matrix(user=analyst, as_of=AS_OF, threat_ids=["drugs", "firearms"])

    assert [t.pk for t in matrix.threats] == ["drugs", "firearms"]
    assert cells(matrix, "kent") == (
        5,
        {"drugs": (True, 1, False), "firearms": (False, 4, True)},
    )


def test_a_body_that_rarely_meets_a_threat_it_did_not_adopt_is_not_a_concern(picture, analyst):
    matrix = adoption_matrix(user=analyst, as_of=AS_OF, threat_ids=["drugs", "firearms"])

    assert cells(matrix, "essex") == (
        5,
        {"drugs": (False, 0, False), "firearms": (False, 1, False)},
    )
    assert cells(matrix, "rocu-se") == (
        0,
        {"drugs": (False, 0, False), "firearms": (False, 0, False)},
    )


def test_the_counts_leave_out_submissions_above_the_viewer_s_clearance(picture, contributor):
    matrix = adoption_matrix(user=contributor, as_of=AS_OF, threat_ids=["drugs", "firearms"])

    assert cells(matrix, "kent") == (
        4,
        {"drugs": (True, 1, False), "firearms": (False, 3, True)},
    )


def test_the_adoption_page_draws_the_chart_with_its_table_and_the_matrix(client, picture, analyst):
    client.force_login(analyst)

    response = client.get(reverse("local_priorities:adoption"), {"as_of": "2017-09-30"})

    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg role="img" aria-labelledby="adoption-title"' in page
    assert "Firearms: 0 of 2 police forces" in page
    assert "Drugs: 1 of 2 police forces" in page
    assert "Not adopted: a concern" in page
    adoption = response.context["adoption"]
    assert [
        (row["threat"], row["police_forces"], row["rocus"]) for row in adoption["by_threat"]
    ] == [
        ("drugs", 1, 0),
        ("firearms", 0, 0),
    ]


def test_the_adoption_page_shows_a_lower_clearance_only_its_own_counts(
    client, picture, contributor
):
    client.force_login(contributor)

    response = client.get(reverse("local_priorities:adoption"), {"as_of": "2017-09-30"})

    [kent] = [row for row in response.context["matrix"].rows if row.body.pk == "kent"]
    assert kent.submissions == 4


def test_the_adoption_page_refuses_a_date_that_is_not_one_by_name(client, analyst):
    client.force_login(analyst)

    page = client.get(reverse("local_priorities:adoption"), {"as_of": "soon"}).content.decode()

    assert "As of must be a real date, like 2018-03-31" in page
    assert 'href="#id_as_of"' in page


def test_with_no_priorities_adopted_the_page_says_so(client, analyst):
    client.force_login(analyst)

    page = client.get(reverse("local_priorities:adoption")).content.decode()

    assert "No national priority threats had been adopted" in page
