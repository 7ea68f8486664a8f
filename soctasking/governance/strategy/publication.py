"""The control strategy as a published document: its sections in order, for the page and the
PDF, and the PDF itself, drawn by WeasyPrint from a template of its own.

The national priority threats come first, each with its three expected
responses set out in full; then the banded and listed threats in tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

from django.template.loader import render_to_string
from django.utils import timezone

from soctasking.governance.models import ControlStrategy, ControlStrategyEntry, StrategyLevel
from soctasking.governance.selectors import control_strategy_get


@dataclass(frozen=True)
class DocumentSection:
    level: str
    label: str
    entries: list[ControlStrategyEntry]

    @property
    def priority(self) -> bool:
        return self.level == StrategyLevel.PRIORITY


@dataclass(frozen=True)
class StrategyDocument:
    strategy: ControlStrategy
    sections: list[DocumentSection]

    @property
    def priorities(self) -> DocumentSection | None:
        return next((section for section in self.sections if section.priority), None)

    @property
    def others(self) -> list[DocumentSection]:
        return [section for section in self.sections if not section.priority]


def strategy_document(*, strategy_id: str) -> StrategyDocument | None:
    """The strategy's entries by level, national priorities first; ``None`` for an unknown id.

    Every level is listed, an empty one saying so, so a reader sees that
    nothing was left out by accident.
    """
    strategy = control_strategy_get(strategy_id=strategy_id)
    if strategy is None:
        return None
    entries = list(strategy.entries.all())
    return StrategyDocument(
        strategy=strategy,
        sections=[
            DocumentSection(
                level=value,
                label=str(label),
                entries=[entry for entry in entries if entry.level == value],
            )
            for value, label in StrategyLevel.choices
        ],
    )


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    # The document carries its own styles; nothing outside it is fetched.
    raise ValueError(f"the strategy PDF fetches nothing: {url}")


def strategy_pdf(*, document: StrategyDocument) -> bytes:
    """The document as a PDF, A4, from ``governance/strategy/document_pdf.html``."""
    # Imported when a PDF is asked for: WeasyPrint loads Pango, which no other page needs.
    from weasyprint import HTML  # WeasyPrint ships no types

    html = render_to_string(
        "governance/strategy/document_pdf.html",
        {"document": document, "strategy": document.strategy, "printed": timezone.now()},
    )
    pdf: bytes = HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    return pdf
