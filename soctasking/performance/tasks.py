"""Background tasks of the performance report, run by the worker (``soctasking db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def performance_report_task(*, report_id: str) -> None:
    from soctasking.performance.services import performance_report_generate

    performance_report_generate(report_id=report_id)
