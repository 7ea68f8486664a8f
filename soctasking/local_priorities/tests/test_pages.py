"""The register, recording by form and importing CSV, as each persona."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from soctasking.local_priorities.models import LocalPriority
from soctasking.testing.factories import (
    BodyFactory,
    LocalPriorityEntryFactory,
    LocalPriorityFactory,
    ThreatFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kent():
    ThreatFactory(id="drugs", name="Drugs")
    return BodyFactory(id="kent", name="Kent Police", kind="police_force")


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("analyst", True),
        ("administrator", True),
        ("contributor", True),
        ("inspector", False),
        ("chair", False),
        ("secretariat", False),
    ],
)
@pytest.mark.parametrize("url_name", ["local_priorities:new", "local_priorities:import"])
def test_only_recorders_reach_the_recording_pages(client, request, persona, allowed, url_name):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse(url_name))

    assert response.status_code == (200 if allowed else 404)


def test_the_register_lists_each_body_s_records_and_filters_by_body(client, analyst, kent):
    record = LocalPriorityFactory(body=kent, document="Kent plan")
    LocalPriorityEntryFactory(local_priority=record, threat_id="drugs")
    LocalPriorityFactory(body=BodyFactory(id="essex", name="Essex Police"))
    client.force_login(analyst)

    page = client.get(reverse("local_priorities:register"), {"body": "kent"}).content.decode()

    assert "Kent Police" in page
    assert "Essex Police</a></th>" not in page
    detail = client.get(reverse("local_priorities:detail", args=[record.pk])).content.decode()
    assert "Kent plan" in detail
    assert "Drugs" in detail


def test_an_unknown_record_is_not_found(client, analyst):
    client.force_login(analyst)

    assert client.get(reverse("local_priorities:detail", args=["nope"])).status_code == 404


def test_an_analyst_records_threats_and_themes_by_form(client, analyst, kent):
    client.force_login(analyst)

    response = client.post(
        reverse("local_priorities:new"),
        {
            "body": "kent",
            "period_start": "2017-04-01",
            "period_end": "2018-03-31",
            "source": "police_and_crime_plan",
            "document": "Kent plan",
            "threats": ["drugs"],
            "themes": "Rural crime\n\nFly-tipping",
        },
    )

    record = LocalPriority.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("local_priorities:detail", args=[record.pk])
    assert [(e.threat_id, e.theme) for e in record.entries.all()] == [
        ("drugs", ""),
        (None, "Rural crime"),
        (None, "Fly-tipping"),
    ]


def test_a_form_with_no_priority_and_a_backwards_period_names_each_field(client, analyst, kent):
    client.force_login(analyst)

    page = client.post(
        reverse("local_priorities:new"),
        {"body": "kent", "period_start": "2018-04-01", "period_end": "2018-03-31"},
    ).content.decode()

    assert "There is a problem" in page
    assert '<a href="#id_period_end">The period must end on or after the day it starts.</a>' in page
    assert "Name at least one priority: a threat or a theme." in page
    assert not LocalPriority.objects.exists()


def test_a_contributor_recording_for_another_body_is_refused_on_the_body(client, contributor, kent):
    client.force_login(contributor)

    page = client.post(
        reverse("local_priorities:new"),
        {
            "body": "kent",
            "period_start": "2017-04-01",
            "period_end": "2018-03-31",
            "threats": ["drugs"],
        },
    ).content.decode()

    assert "You may record local priorities only for your own body." in page
    assert not LocalPriority.objects.exists()


def test_a_csv_import_stores_every_line_or_names_each_bad_one(client, analyst, kent):
    client.force_login(analyst)
    bad = b"body,period_start,period_end,threat\nkent,2017-04-01,2018-03-31,cocaine\n"
    good = b"body,period_start,period_end,threat\nkent,2017-04-01,2018-03-31,drugs\n"

    refused = client.post(
        reverse("local_priorities:import"), {"file": SimpleUploadedFile("lp.csv", bad)}
    ).content.decode()
    assert "The file was not imported: nothing was stored" in refused
    assert "Line 2, threat: No threat has the id &#x27;cocaine&#x27;." in refused
    assert not LocalPriority.objects.exists()

    response = client.post(
        reverse("local_priorities:import"), {"file": SimpleUploadedFile("lp.csv", good)}
    )
    assert response.status_code == 302
    assert LocalPriority.objects.get().body == kent
