"""The control strategy pages: versions, generating, the draft with its quality-assurance panel
refreshed through htmx, approval, history, comparison, and the published document and PDF."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from soctasking.governance.models import ControlStrategy, ControlStrategyEntryChange
from soctasking.governance.strategy.services import (
    EntryAnswers,
    control_strategy_approve,
    control_strategy_entry_edit,
    control_strategy_generate,
)
from soctasking.governance.tests.strategy_picture import AS_OF, COMPLETE, strategy_picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture():
    return strategy_picture()


@pytest.fixture
def draft(picture, analyst) -> ControlStrategy:
    return control_strategy_generate(acting_user=analyst, as_of=AS_OF)


def entry_post(threat: str, *, level: str, reason: str, **responses: str) -> dict[str, str]:
    answers = {"level": level, "reason": reason}
    for name in ("response_intelligence", "response_prevention", "response_enforcement"):
        answers[name] = responses.get(name, "")
    return {f"{threat}-{name}": value for name, value in answers.items()}


def test_an_analyst_generates_a_draft_from_the_versions_page(client, analyst, picture):
    client.force_login(analyst)

    response = client.post(reverse("governance:control_strategy_generate"))

    strategy = ControlStrategy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:control_strategy_draft", args=[strategy.id])
    page = client.get(reverse("governance:control_strategies")).content.decode()
    assert "Control strategy cs-nsa-2017" in page


@pytest.mark.parametrize("persona", ["contributor", "inspector", "chair"])
def test_only_analysts_and_administrators_draft(client, request, picture, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.post(reverse("governance:control_strategy_generate")).status_code == 403
    assert not ControlStrategy.objects.exists()


def test_the_draft_page_shows_every_entry_and_what_quality_assurance_finds(client, analyst, draft):
    client.force_login(analyst)

    page = client.get(reverse("governance:control_strategy_draft", args=[draft.id]))

    text = page.content.decode()
    assert page.status_code == 200
    for name in ("Drugs", "Firearms", "Cannabis", "Technology"):
        assert f"Save {name}" in text
    assert "CST004 strategy-response-implicit" in text
    assert "To write" in text
    assert 'hx-trigger="strategy-changed from:body"' in text


def test_an_htmx_edit_answers_with_the_card_and_tells_the_panel_to_refresh(client, analyst, draft):
    client.force_login(analyst)

    response = client.post(
        reverse("governance:control_strategy_entry", args=[draft.id, "drugs"]),
        entry_post("drugs", level="priority", reason="The expected response", **COMPLETE),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "strategy-changed"
    assert 'id="entry-drugs"' in response.content.decode()
    assert "Saved." in response.content.decode()
    panel = client.get(reverse("governance:control_strategy_quality", args=[draft.id]))
    assert "No check holds" in panel.content.decode()
    assert "CST004 strategy-response-implicit" not in panel.content.decode()


def test_an_htmx_edit_without_a_reason_shows_the_error_in_its_card_and_stores_nothing(
    client, analyst, draft
):
    client.force_login(analyst)

    response = client.post(
        reverse("governance:control_strategy_entry", args=[draft.id, "drugs"]),
        entry_post("drugs", level="priority", reason="", **COMPLETE),
        headers={"HX-Request": "true"},
    )

    text = response.content.decode()
    assert "HX-Trigger" not in response
    assert "There is a problem with Drugs" in text
    assert 'href="#id_drugs-reason"' in text
    assert not ControlStrategyEntryChange.objects.exists()


def test_without_htmx_a_refused_edit_shows_the_page_with_its_error_summary(client, analyst, draft):
    client.force_login(analyst)

    response = client.post(
        reverse("governance:control_strategy_entry", args=[draft.id, "firearms"]),
        entry_post("firearms", level="band_9", reason="Rising"),
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "<title>Error:" in text
    assert 'href="#id_firearms-level"' in text


def test_without_htmx_a_saved_edit_goes_back_to_the_draft(client, analyst, draft):
    client.force_login(analyst)

    response = client.post(
        reverse("governance:control_strategy_entry", args=[draft.id, "firearms"]),
        entry_post("firearms", level="band_1", reason="Rising"),
    )

    assert response.status_code == 302
    assert draft.entries.get(threat_id="firearms").level == "band_1"


def test_adding_a_threat_not_in_the_catalogue_is_refused_naming_the_field(client, analyst, draft):
    client.force_login(analyst)

    response = client.post(
        reverse("governance:control_strategy_entry_add", args=[draft.id]),
        {"add-threat": "county-lines", "add-level": "band_1", "add-reason": "Regions said so"},
    )

    assert response.status_code == 400
    assert (
        "Choose a catalogued threat that is not yet in the strategy." in response.content.decode()
    )
    assert draft.entries.count() == 4


def test_an_entry_is_added_and_removed_with_reasons(client, analyst, draft):
    client.force_login(analyst)

    added = client.post(
        reverse("governance:control_strategy_entry_add", args=[draft.id]),
        {"add-threat": "cyber-crime", "add-level": "band_2", "add-reason": "In the requirement"},
    )
    removed = client.post(
        reverse("governance:control_strategy_entry_remove", args=[draft.id, "technology"]),
        {"remove-technology-reason": "Folded into cyber crime"},
    )

    assert added.status_code == removed.status_code == 302
    assert set(draft.entries.values_list("threat_id", flat=True)) == {
        "cannabis",
        "cyber-crime",
        "drugs",
        "firearms",
    }
    history = client.get(reverse("governance:control_strategy_history", args=[draft.id]))
    assert "Folded into cyber crime" in history.content.decode()
    assert "In the requirement" in history.content.decode()


def test_approval_while_a_check_holds_asks_for_the_override_reason(client, chair, draft, picture):
    client.force_login(chair)

    response = client.post(
        reverse("governance:control_strategy_approve", args=[draft.id]),
        {"meeting": picture.nttcg_held.id, "override_reason": ""},
    )

    assert response.status_code == 400
    assert 'href="#id_override_reason"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_approval_form_offers_only_held_nttcg_meetings(client, chair, draft, picture):
    client.force_login(chair)

    response = client.post(
        reverse("governance:control_strategy_approve", args=[draft.id]),
        {"meeting": picture.nttcg_cancelled.id, "override_reason": "Approved by correspondence"},
    )

    assert response.status_code == 400
    assert "Choose a held meeting of the national tactical group." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_chair_records_the_approval_with_an_override_reason(client, chair, draft, picture):
    client.force_login(chair)

    response = client.post(
        reverse("governance:control_strategy_approve", args=[draft.id]),
        {"meeting": picture.nttcg_held.id, "override_reason": "Responses follow next quarter"},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "approved"
    page = client.get(reverse("governance:control_strategy", args=[draft.id])).content.decode()
    assert "Approved while checks held" in page
    assert "CST004: Responses follow next quarter" in page


def test_an_analyst_cannot_record_the_approval(client, analyst, draft):
    client.force_login(analyst)

    assert (
        client.get(reverse("governance:control_strategy_approve", args=[draft.id])).status_code
        == 403
    )


def test_the_comparison_page_names_what_changed_between_versions(
    client, analyst, chair, draft, picture
):
    control_strategy_entry_edit(
        acting_user=analyst,
        strategy_id=draft.id,
        threat_id="drugs",
        answers=EntryAnswers(**COMPLETE),
        reason="Expected response",
    )
    client.force_login(chair)
    client.post(
        reverse("governance:control_strategy_approve", args=[draft.id]),
        {"meeting": picture.nttcg_held.id},
    )
    client.force_login(analyst)
    client.post(reverse("governance:control_strategy_new_version", args=[draft.id]))
    revision = ControlStrategy.objects.get(derived_from=draft)
    control_strategy_entry_edit(
        acting_user=analyst,
        strategy_id=revision.id,
        threat_id="firearms",
        answers=EntryAnswers(level="band_1"),
        reason="Rising",
    )

    page = client.get(reverse("governance:control_strategy_compare", args=[revision.id]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "0 added, 0 removed, 1 changed, 3 unchanged" in text
    assert "Listed → <strong>Band 1</strong>" in text


def test_the_published_page_sets_the_priorities_apart(client, inspector, analyst, draft, picture):
    control_strategy_entry_edit(
        acting_user=analyst,
        strategy_id=draft.id,
        threat_id="drugs",
        answers=EntryAnswers(**COMPLETE),
        reason="Expected response",
    )
    control_strategy_approve(
        acting_user=None, strategy_id=draft.id, meeting_id=picture.nttcg_held.id, as_of=AS_OF
    )
    client.force_login(inspector)

    text = client.get(reverse("governance:control_strategy_published")).content.decode()

    priorities, others = text.split("Other threats, by level")
    assert "National priority threats" in priorities
    assert "Drugs" in priorities
    assert COMPLETE["response_enforcement"] in priorities
    assert "Firearms" in others
    assert "Drugs" not in others


def test_with_none_approved_the_published_page_says_so(client, inspector, picture):
    client.force_login(inspector)

    response = client.get(reverse("governance:control_strategy_published"))

    assert "No control strategy is in force" in response.content.decode()


def test_the_pdf_carries_the_priorities_and_marks_a_draft(client, inspector, draft):
    client.force_login(inspector)

    response = client.get(reverse("governance:control_strategy_pdf", args=[draft.id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "NATIONAL PRIORITY" in text
    assert "This version is draft, not the strategy in force." in text
    assert "Drugs" in text
