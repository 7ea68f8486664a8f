from __future__ import annotations

import pytest

from soctasking.accounts.gate import can_see, filter_visible
from soctasking.intelligence.models import Submission
from soctasking.testing.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def test_clearance_below_the_classification_hides_the_record(uncleared, analyst):
    SubmissionFactory(id="os", classification="official-sensitive")
    SubmissionFactory(id="o", classification="official")
    visible_to_una = filter_visible(user=uncleared, queryset=Submission.objects.all())
    assert list(visible_to_una.values_list("id", flat=True)) == ["o"]
    assert filter_visible(user=analyst, queryset=Submission.objects.all()).count() == 2


def test_a_compartment_is_needed_on_top_of_clearance(analyst, chis_analyst):
    SubmissionFactory(id="chis-report", classification="secret", compartments=["chis"])
    assert not filter_visible(user=analyst, queryset=Submission.objects.all()).exists()
    assert filter_visible(user=chis_analyst, queryset=Submission.objects.all()).count() == 1
    assert can_see(user=chis_analyst, classification="secret", compartments=["chis"])
    assert not can_see(user=chis_analyst, classification="top-secret", compartments=[])
