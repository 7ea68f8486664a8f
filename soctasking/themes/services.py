"""Writes of the themes app: rebuilding the index, and acting on a cross-cutting theme.

An analyst answers an XCT001 finding in one step: the theme goes into the
draft national strategic assessment as a new threat, or as a keyword of a
threat (which joins the draft if it was not in it), or is dismissed; each
with a reason, audited. Administrators merge spellings of one theme, and
train the classifier that suggests a submission's threats.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from soctasking.accounts.gate import require_role
from soctasking.accounts.models import Role, User
from soctasking.audit.services import audit_record
from soctasking.intelligence.models import Assessment
from soctasking.themes.classifier import TrainingReport, models_store, models_train
from soctasking.themes.index import Progress, RebuildReport, index_rebuild
from soctasking.themes.models import DecisionKind, Theme, ThemeAlias, ThemeDecision, ThemeMention
from soctasking.themes.normalise import theme_key
from soctasking.themes.selectors import (
    strategic_draft_latest,
    theme_hidden_from,
    theme_summaries,
    threat_theme_keys,
)
from soctasking.themes.suggestions import untagged_signals_refresh
from soctasking.threats.models import Theme as ThreatTheme
from soctasking.threats.models import Threat, ThreatKind

ACTING_ROLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
MAX_REASON = 2000


class ThemeNotFoundError(Exception):
    """No theme with that key, or none the user may see whole."""


def themes_recompute(
    *, acting_user: User | None, progress: Progress | None = None
) -> RebuildReport:
    """Rebuild the theme index from the whole picture, finding new phrases in text too."""
    if acting_user is not None:
        require_role(user=acting_user, roles=[Role.ADMINISTRATOR])
    with transaction.atomic():
        report = index_rebuild(progress=progress)
        audit_record(
            actor=acting_user,
            action="recompute",
            record_type="theme_index",
            detail={
                "submissions": report.submissions,
                "named": report.named,
                "discovered": report.discovered,
                "mentions": report.mentions,
            },
        )
    return report


def threat_classifier_train(*, acting_user: User | None) -> TrainingReport:
    """Train the threat classifier for each clearance ceiling, and flag untagged threats again.

    Every untagged-threat signal is worked out again with the new models, in
    the same transaction as the audit record of the training; the models are
    stored last, so a training refused before its record stores none.
    """
    if acting_user is not None:
        require_role(user=acting_user, roles=[Role.ADMINISTRATOR])
    with transaction.atomic():
        report = models_train()
        report.signals = untagged_signals_refresh(
            trained=report.models, out_of_fold=report.out_of_fold
        )
        audit_record(
            actor=acting_user,
            action="train",
            record_type="threat_classifier",
            detail={
                "models": [
                    {
                        "ceiling": model.ceiling,
                        "samples": model.samples,
                        "held_out": model.held_out,
                        "threats": len(model.threats),
                        "micro_precision": round(model.micro_precision, 4),
                        "micro_recall": round(model.micro_recall, 4),
                    }
                    for model in report.trained
                ],
                "skipped": report.skipped,
                "signals": report.signals,
            },
        )
        models_store(report.models)
    return report


def _reason_checked(reason: str) -> str:
    cleaned = (reason or "").strip()
    if not cleaned:
        raise ValidationError({"reason": "Give the reason for the decision."})
    if len(cleaned) > MAX_REASON:
        raise ValidationError({"reason": f"A reason is at most {MAX_REASON} characters."})
    return cleaned


def _theme_for(*, acting_user: User, key: str, as_of: date) -> Theme:
    """The theme, if the user may act on it: its whole evidence must be visible to them."""
    require_role(user=acting_user, roles=ACTING_ROLES)
    theme = Theme.objects.filter(key=key).first()
    if theme is None or theme_hidden_from(user=acting_user, key=key, as_of=as_of):
        raise ThemeNotFoundError(key)
    return theme


def _draft() -> Assessment:
    draft = strategic_draft_latest()
    if draft is None:
        raise ValidationError(
            {"assessment": "There is no national strategic assessment in draft to add it to."}
        )
    return draft


def _decide(
    *,
    acting_user: User,
    theme: Theme,
    kind: str,
    reason: str,
    as_of: date,
    threat: Threat | None,
    assessment: Assessment | None,
) -> ThemeDecision:
    summary = next(iter(theme_summaries(user=None, as_of=as_of, keys=[theme.key])), None)
    decision = ThemeDecision(
        theme_key=theme.key,
        kind=kind,
        reason=reason,
        threat=threat,
        assessment=assessment,
        decided_by=acting_user,
        decided=timezone.now(),
        mentions_then=summary.mentions if summary else 0,
        bodies_then=summary.bodies if summary else 0,
    )
    decision.full_clean()
    decision.save()
    audit_record(
        actor=acting_user,
        action=kind,
        record_type="theme",
        record_id=theme.key,
        detail={
            "decision": decision.pk,
            "threat": threat.pk if threat else None,
            "assessment": assessment.pk if assessment else None,
            "mentions": decision.mentions_then,
            "bodies": decision.bodies_then,
        },
    )
    return decision


def theme_add_as_threat(
    *, acting_user: User, key: str, reason: str, as_of: date, name: str = ""
) -> ThemeDecision:
    """Add the theme to the draft assessment as a new cross-cutting threat named after it.

    The new threat's keywords hold the theme, so the draft covers it from now on.
    """
    theme = _theme_for(acting_user=acting_user, key=key, as_of=as_of)
    reason = _reason_checked(reason)
    threat_name = " ".join((name or theme.label).split())
    if not threat_name or not theme_key(threat_name):
        raise ValidationError({"name": "Give the new threat a name with at least one word."})
    threat_id = slugify(threat_name)[:100].strip("-")
    if not threat_id:
        raise ValidationError({"name": "The name must hold a letter or digit for the threat's id."})
    if Threat.objects.filter(pk=threat_id).exists():
        raise ValidationError(
            {
                "name": f"The catalogue already holds a threat {threat_id!r}; add the theme as "
                "its keyword instead, or choose another name."
            }
        )
    with transaction.atomic():
        draft = _draft()
        threat = Threat(
            id=threat_id,
            name=threat_name[:300],
            kind=ThreatKind.THREAT,
            theme=ThreatTheme.CROSS_CUTTING,
            keywords=[theme.label],
        )
        threat.full_clean()
        threat.save()
        draft.threats.add(threat)
        return _decide(
            acting_user=acting_user,
            theme=theme,
            kind=DecisionKind.NEW_THREAT,
            reason=reason,
            as_of=as_of,
            threat=threat,
            assessment=draft,
        )


def theme_add_as_keyword(
    *, acting_user: User, key: str, threat_id: str, reason: str, as_of: date
) -> ThemeDecision:
    """Add the theme as a keyword of a catalogued threat, and that threat to the draft."""
    theme = _theme_for(acting_user=acting_user, key=key, as_of=as_of)
    reason = _reason_checked(reason)
    with transaction.atomic():
        threat = Threat.objects.select_for_update().filter(pk=threat_id).first()
        if threat is None:
            raise ValidationError({"threat": f"No threat {threat_id!r} in the catalogue."})
        draft = _draft()
        if theme.key not in threat_theme_keys(threat):
            threat.keywords = [*(threat.keywords or []), theme.label]
            threat.full_clean()
            threat.save(update_fields=["keywords"])
        if threat.kind == ThreatKind.VULNERABILITY:
            draft.vulnerabilities.add(threat)
        else:
            draft.threats.add(threat)
        return _decide(
            acting_user=acting_user,
            theme=theme,
            kind=DecisionKind.KEYWORD,
            reason=reason,
            as_of=as_of,
            threat=threat,
            assessment=draft,
        )


def theme_dismiss(*, acting_user: User, key: str, reason: str, as_of: date) -> ThemeDecision:
    """Dismiss the theme; XCT001 raises it again if it keeps growing."""
    theme = _theme_for(acting_user=acting_user, key=key, as_of=as_of)
    reason = _reason_checked(reason)
    with transaction.atomic():
        return _decide(
            acting_user=acting_user,
            theme=theme,
            kind=DecisionKind.DISMISSED,
            reason=reason,
            as_of=as_of,
            threat=None,
            assessment=None,
        )


def theme_alias_merge(*, acting_user: User | None, alias: str, into: str) -> ThemeAlias:
    """Merge the spelling ``alias`` into the theme ``into``: from now on they count as one.

    Both are written as people write them and normalised here. The alias's
    mentions move to the theme at once; anything merged into the alias
    follows it.
    """
    if acting_user is not None:
        require_role(user=acting_user, roles=[Role.ADMINISTRATOR])
    alias_key, target_key = theme_key(alias), theme_key(into)
    if not alias_key:
        raise ValidationError({"alias": "The alias must hold at least one word."})
    if not target_key:
        raise ValidationError({"into": "The theme must hold at least one word."})
    with transaction.atomic():
        existing = ThemeAlias.objects.filter(key=target_key).first()
        if existing is not None:
            # Merging into a spelling that is itself an alias merges into its theme.
            target_key = existing.theme_id
        if alias_key == target_key:
            raise ValidationError({"alias": "A theme cannot be merged into itself."})
        target = Theme.objects.filter(key=target_key).first()
        if target is None:
            raise ValidationError({"into": f"No theme {into!r} is known."})
        ThemeAlias.objects.filter(theme_id=alias_key).update(theme=target)
        merged = ThemeAlias(
            key=alias_key, theme=target, merged_by=acting_user, merged=timezone.now()
        )
        merged.full_clean(validate_unique=False)
        ThemeAlias.objects.filter(key=alias_key).delete()
        merged.save()
        _mentions_move(alias_key, target_key)
        Theme.objects.filter(key=alias_key).delete()
        audit_record(
            actor=acting_user,
            action="merge",
            record_type="theme",
            record_id=target_key,
            detail={"alias": alias_key},
        )
    return merged


def _mentions_move(alias_key: str, target_key: str) -> None:
    """Move the alias's mentions to the theme, keeping one per record."""
    moving = ThemeMention.objects.filter(key=alias_key)
    ThemeMention.objects.filter(key=alias_key, submission__theme_mentions__key=target_key).delete()
    ThemeMention.objects.filter(
        key=alias_key, local_priority__theme_mentions__key=target_key
    ).delete()
    moving.update(key=target_key)
