"""Reads of referrals as they stood on a date."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from soctasking.referrals.models import Referral, ReferralStatus


def referrals_awaiting_decision(*, as_of: date) -> QuerySet[Referral]:
    """Referrals submitted by ``as_of`` and still undecided on that day.

    A referral decided after ``as_of`` was still awaiting a decision then,
    so past dates give the picture as it was.
    """
    return (
        Referral.objects.filter(submitted__lte=as_of)
        .filter(Q(status=ReferralStatus.SUBMITTED, decided__isnull=True) | Q(decided__gt=as_of))
        .select_related("from_body")
        .order_by("submitted", "id")
    )


def referrals_submitted_by(*, as_of: date, routes: list[str]) -> QuerySet[Referral]:
    """Referrals submitted on or before ``as_of`` through any of ``routes``."""
    return (
        Referral.objects.filter(submitted__lte=as_of, route__in=routes)
        .select_related("from_body")
        .order_by("submitted", "id")
    )
