"""``soctasking report performance``: the quarter's PDF written at once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from soctasking.audit.models import AuditEvent
from soctasking.cli import main
from soctasking.performance.tests.picture import QUARTER, two_quarters_of_returns

pytestmark = pytest.mark.django_db


def test_the_command_writes_the_quarters_pdf_and_audits_it(tmp_path):
    two_quarters_of_returns()
    output = tmp_path / "report.pdf"
    out = StringIO()

    call_command("report", "performance", "--quarter", QUARTER, "--output", str(output), stdout=out)

    assert f"wrote the 2026-Q3 performance report to {output}" in out.getvalue()
    text = " ".join(page.extract_text() for page in PdfReader(output).pages)
    assert "National performance report, 2026-Q3" in text
    event = AuditEvent.objects.get(record_type="performance_report", action="export")
    assert event.actor_name == "system"
    assert event.detail["quarter"] == QUARTER


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--quarter", "2026-Q0", "--output", "{tmp}/r.pdf"],
            "--quarter: '2026-Q0' is not a quarter",
        ),
        (["--quarter", QUARTER, "--output", "{tmp}/missing/r.pdf"], "--output: the folder"),
    ],
)
def test_bad_input_exits_2_naming_the_option(tmp_path, capsys, arguments, message):
    filled = [argument.replace("{tmp}", str(tmp_path)) for argument in arguments]
    with pytest.raises(CommandError, match=message):
        call_command("report", "performance", *filled)
    assert not AuditEvent.objects.filter(record_type="performance_report").exists()

    # The console closes the database connection as it exits: nothing is read after it.
    with pytest.raises(SystemExit) as exited:
        main(["report", "performance", *filled])

    assert exited.value.code == 2
    assert message in capsys.readouterr().err
