"""XCT001: a theme several bodies name across threats, that the latest assessment leaves out."""

from __future__ import annotations

import datetime as dt

import pytest

from soctasking.assurance.selectors import findings_run, findings_visible_to
from soctasking.testing.factories import (
    AssessmentFactory,
    BodyFactory,
    LocalPriorityEntryFactory,
    LocalPriorityFactory,
    ThreatFactory,
)
from soctasking.themes.index import mentions_refresh
from soctasking.themes.services import theme_alias_merge, theme_dismiss
from soctasking.themes.tests.helpers import AS_OF, draft_assessment, named_submission

pytestmark = pytest.mark.django_db


def bodies(count: int) -> list:
    return [BodyFactory(id=f"rocu-{n}", name=f"ROCU {n}") for n in range(count)]


def county_lines_named_by(count: int, *, threats: tuple[str, ...] = ("drugs", "csea")) -> list:
    """Each body names county lines once, the submissions tagged in turn with each threat."""
    return [
        named_submission(body=body, threats=[threats[n % len(threats)]], themes=["county lines"])
        for n, body in enumerate(bodies(count))
    ]


def xct001() -> list:
    return findings_run(as_of=AS_OF, codes=["XCT001"])


def test_a_theme_three_bodies_name_across_two_threats_left_out_of_the_draft_is_flagged():
    draft_assessment(threats=["drugs", "csea"])
    submissions = county_lines_named_by(3)

    [finding] = xct001()

    assert finding.subject_type == "theme"
    assert finding.subject_id == "county lines"
    assert finding.severity == "high"
    assert finding.evidence["theme_key"] == "county line"
    assert finding.evidence["assessment"] == "nsa-2018-draft"
    assert sorted(finding.evidence["bodies"]) == ["rocu-0", "rocu-1", "rocu-2"]
    assert sorted(finding.evidence["threats"]) == ["csea", "drugs"]
    assert sorted(finding.evidence["submissions"]) == sorted(s.pk for s in submissions)
    assert finding.evidence["submissions_total"] == 3


def test_a_theme_named_by_two_bodies_only_is_not_flagged():
    draft_assessment(threats=["drugs"])
    county_lines_named_by(2)

    assert xct001() == []


def test_a_theme_named_under_one_threat_only_is_not_flagged():
    draft_assessment(threats=["drugs"])
    county_lines_named_by(5, threats=("drugs",))

    assert xct001() == []


def test_a_theme_a_threat_of_the_draft_names_as_a_keyword_is_not_flagged():
    draft = draft_assessment(threats=["drugs"])
    draft.threats.add(ThreatFactory(id="cl", name="Urban drug networks", keywords=["County-Lines"]))
    county_lines_named_by(4)

    assert xct001() == []


def test_a_theme_a_threat_of_the_draft_is_named_after_is_not_flagged():
    draft = draft_assessment(threats=["drugs"])
    draft.threats.add(ThreatFactory(id="county-lines", name="County lines"))
    county_lines_named_by(4)

    assert xct001() == []


def test_only_the_latest_strategic_assessment_counts_so_an_older_edition_covering_it_does_not():
    older = AssessmentFactory(id="nsa-2017", status="approved", issued=dt.date(2017, 3, 1))
    older.threats.add(ThreatFactory(id="county-lines", name="County lines"))
    draft_assessment(threats=["drugs"])
    county_lines_named_by(3)

    assert [f.subject_id for f in xct001()] == ["county lines"]


def test_an_assessment_issued_after_the_date_does_not_yet_cover_it():
    later = AssessmentFactory(id="nsa-2019", status="draft", issued=dt.date(2018, 6, 1))
    later.threats.add(ThreatFactory(id="county-lines", name="County lines"))
    draft_assessment(threats=["drugs"])
    county_lines_named_by(3)

    assert [f.subject_id for f in xct001()] == ["county lines"]
    assert findings_run(as_of=dt.date(2018, 7, 1), codes=["XCT001"]) == []


def test_mentions_after_the_date_do_not_count():
    draft_assessment(threats=["drugs"])
    first, second, third = bodies(3)
    named_submission(body=first, threats=["drugs"], themes=["county lines"])
    named_submission(body=second, threats=["csea"], themes=["county lines"])
    named_submission(
        body=third, threats=["drugs"], themes=["county lines"], day=dt.date(2018, 4, 2)
    )

    assert xct001() == []
    assert len(findings_run(as_of=dt.date(2018, 4, 2), codes=["XCT001"])) == 1


def test_a_body_naming_the_theme_in_text_or_in_its_local_priorities_counts():
    draft_assessment(threats=["drugs"])
    first, second, third = bodies(3)
    named_submission(body=first, threats=["drugs"], themes=["county lines"])
    named_submission(body=second, threats=["csea"], text="Children run county lines from the city.")
    assert xct001() == []

    plan = LocalPriorityFactory(id="pcp-third", body=third)
    LocalPriorityEntryFactory(local_priority=plan, threat=None, theme="County Lines")
    mentions_refresh(local_priority_ids=[plan.pk])

    [finding] = xct001()
    assert finding.evidence["local_priorities"] == ["pcp-third"]
    assert sorted(finding.evidence["bodies"]) == ["rocu-0", "rocu-1", "rocu-2"]


def test_a_threshold_of_four_bodies_spares_a_theme_three_name(administrator):
    from soctasking.assurance.services import threshold_set

    draft_assessment(threats=["drugs"])
    county_lines_named_by(3)
    threshold_set(code="XCT001", parameter="min_bodies", value=4, acting_user=administrator)

    assert xct001() == []


def test_a_dismissed_theme_stays_dismissed_until_it_grows(analyst):
    draft_assessment(threats=["drugs"])
    county_lines_named_by(3)
    theme_dismiss(
        acting_user=analyst, key="county line", reason="Covered by the drugs lead.", as_of=AS_OF
    )
    assert xct001() == []

    named_submission(body=BodyFactory(id="rocu-new"), threats=["drugs"], themes=["county lines"])

    assert [f.subject_id for f in xct001()] == ["county lines"]


def test_merged_spellings_count_as_one_theme(administrator):
    draft_assessment(threats=["drugs"])
    first, second, third = bodies(3)
    named_submission(body=first, threats=["drugs"], themes=["county lines"])
    named_submission(body=second, threats=["csea"], themes=["county line"])
    named_submission(body=third, threats=["drugs"], themes=["CL drugs lines"])
    assert xct001() == []

    theme_alias_merge(acting_user=administrator, alias="CL drugs lines", into="county lines")

    [finding] = xct001()
    assert len(finding.evidence["bodies"]) == 3


def test_the_finding_is_shown_only_to_users_cleared_for_every_submission_naming_it(
    analyst, contributor
):
    draft_assessment(threats=["drugs"])
    county_lines_named_by(3)
    named_submission(
        body=BodyFactory(id="rocu-secret"),
        threats=["drugs"],
        themes=["county lines"],
        classification="secret",
    )
    found = xct001()
    assert len(found) == 1

    assert findings_visible_to(user=analyst, findings=found, as_of=AS_OF) == found
    assert findings_visible_to(user=contributor, findings=found, as_of=AS_OF) == []
