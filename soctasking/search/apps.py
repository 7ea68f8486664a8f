"""The search app: after every migrate, make sure the submission index is whole."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "soctasking.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        post_migrate.connect(_repair_index, sender=self)


def _repair_index(using: str = "default", **kwargs: Any) -> None:
    from soctasking.search.schema import index_repair

    index_repair(using=using)
