"""The search app: after every migrate, make sure the submission index is whole."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "soctasking.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # Django sends post_migrate only for apps with models, which this one
        # has none of; the app owning the indexed table has.
        post_migrate.connect(
            _repair_index,
            sender=apps.get_app_config("intelligence"),
            dispatch_uid="search_index_repair",
        )


def _repair_index(using: str = "default", **kwargs: Any) -> None:
    from soctasking.search.schema import index_repair

    index_repair(using=using)
