"""Background jobs of the themes app, run by the tasks worker (``soctasking db_worker``).

Both are the operator's, acting as the system: the operator's scheduler
enqueues them (``soctasking themes train --background``, ``soctasking themes
recompute --background``), and each answers with what the console prints.
"""

from __future__ import annotations

from django_tasks import task

from soctasking.themes.services import themes_recompute, threat_classifier_train


@task()
def threat_classifier_retrain() -> dict[str, object]:
    """Train the threat classifier again on every sender-tagged submission."""
    report = threat_classifier_train(acting_user=None)
    return {
        "trained": [model.ceiling for model in report.trained],
        "skipped": report.skipped,
        "signals": report.signals,
    }


@task()
def theme_index_recompute() -> dict[str, int]:
    """Rebuild the theme index from the whole picture."""
    report = themes_recompute(acting_user=None)
    return {
        "submissions": report.submissions,
        "named": report.named,
        "discovered": report.discovered,
        "mentions": report.mentions,
    }
