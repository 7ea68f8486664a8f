"""Pages of the intelligence app: sending a submission, its receipt, and a body's submissions."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from soctasking.accounts.gate import WRITING_ROLES, require_role
from soctasking.audit.services import audit_sensitive_reads
from soctasking.intelligence.extraction import ExtractionError, extract, max_upload_bytes
from soctasking.intelligence.forms import SubmissionForm
from soctasking.intelligence.models import Channel
from soctasking.intelligence.selectors import (
    receipt_get,
    submission_get_visible,
    submissions_csv,
    submissions_of_body,
)
from soctasking.intelligence.services import (
    Receipt,
    UploadedFile,
    submission_problems,
    submission_receive,
)
from soctasking.themes.suggestions import Suggestion, tag_suggestions
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user

if TYPE_CHECKING:
    from soctasking.accounts.models import User

SUGGEST = "suggest"
MULTIPLE = ("threats", "compartments")


def _uploaded(form: SubmissionForm) -> UploadedFile | None:
    upload = form.cleaned_data.get("file")
    if upload is None:
        return None
    # One byte past the limit is enough for the service to say it is too large.
    return UploadedFile(name=upload.name or "", data=upload.read(max_upload_bytes() + 1))


def _suggest(form: SubmissionForm, user: User) -> tuple[list[Suggestion], str]:
    """Threats the text or file concerns, without storing anything, or why the file is refused."""
    form.is_valid()  # for the text and file; the other fields may still be incomplete
    text = form.cleaned_data.get("text") or ""
    file = _uploaded(form)
    if file is not None:
        try:
            text = extract(data=file.data, name=file.name).text
        except ExtractionError as error:
            return [], error.message
    return tag_suggestions(user=user, text=text), ""


def _refilled(data: QueryDict, suggested: list[Suggestion]) -> dict[str, Any]:
    """The posted answers as a fresh form's initial values, with the suggestions ticked."""
    initial: dict[str, Any] = {key: data.get(key) for key in data if key not in MULTIPLE}
    for key in MULTIPLE:
        initial[key] = data.getlist(key)
    initial["threats"] = sorted({*initial["threats"], *(s.threat_id for s in suggested)})
    return initial


def _answers(form: SubmissionForm) -> dict[str, Any]:
    """The form's answers as the service takes them; a missing answer is empty."""
    data = form.cleaned_data
    return {
        "body": data.get("body"),
        "kind": data.get("kind") or "",
        "title": data.get("title") or "",
        "period_start": data.get("period_start"),
        "period_end": data.get("period_end"),
        "threats": [t.pk for t in data.get("threats") or []],
        "classification": data.get("classification") or "",
        "compartments": [c.pk for c in data.get("compartments") or []],
        "grading_source": data.get("grading_source") or "",
        "grading_intelligence": data.get("grading_intelligence") or "",
        "grading_handling": data.get("grading_handling") or "",
        "grading_conditions": data.get("grading_conditions") or "",
        "text": data.get("text") or "",
        "file": _uploaded(form),
    }


def _errors_onto(form: SubmissionForm, errors: dict[str, list[str]]) -> None:
    """The service's problems beside the form's own, one message a field."""
    already = set(form.errors)
    for field, messages in errors.items():
        if field in already:
            continue
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def submission_new(request: HttpRequest) -> HttpResponse:
    """Send an assessment or report, with its file or text; the receipt follows at once."""
    user = signed_in_user(request)
    require_role(user=user, roles=WRITING_ROLES)
    suggested: list[Suggestion] = []
    suggest_error = ""
    suggesting = request.method == "POST" and request.POST.get("action") == SUGGEST
    # One key for the page: sending the same form twice (a double click, a
    # refresh after a lost answer) stores it once and shows the one receipt.
    idempotency_key = request.POST.get("idempotency_key") or uuid.uuid4().hex
    if request.method != "POST":
        form = SubmissionForm(user=user)
    else:
        form = SubmissionForm(request.POST, request.FILES, user=user)
        if suggesting:
            # A suggestion is not a submission: show the form again, unjudged,
            # with the suggested threats ticked beside those already chosen.
            suggested, suggest_error = _suggest(form, user)
            form = SubmissionForm(initial=_refilled(request.POST, suggested), user=user)
        elif not form.is_valid():
            _errors_onto(form, submission_problems(acting_user=user, **_answers(form)))
        else:
            try:
                receipt = submission_receive(
                    acting_user=user,
                    idempotency_key=idempotency_key,
                    channel=Channel.UPLOAD,
                    **_answers(form),
                )
            except ValidationError as error:
                _errors_onto(form, error.message_dict)
            else:
                return redirect("intelligence:receipt", submission_id=receipt.submission_id)
    return render(
        request,
        "intelligence/submission_new.html",
        {
            "form": form,
            "suggested": suggested,
            "suggest_error": suggest_error,
            "suggest_action": SUGGEST,
            "suggesting": suggesting,
            "suggested_from_file": suggesting and bool(request.FILES.get("file")),
            "idempotency_key": idempotency_key,
            "threat_options": [(t.pk, t.name) for t in form.fields["threats"].queryset],  # type: ignore[attr-defined]
            "compartment_options": [
                (c.pk, c.name)
                for c in form.fields["compartments"].queryset  # type: ignore[attr-defined]
            ],
            "max_upload_bytes": max_upload_bytes(),
        },
    )


def _shown_receipt(request: HttpRequest, submission_id: str) -> Receipt:
    user = signed_in_user(request)
    receipt = receipt_get(user=user, id=submission_id)
    audit_sensitive_reads(
        actor=user,
        action="read_receipt",
        record_type="submission",
        records=[(receipt.submission_id, receipt.recorded["classification"])],
    )
    return receipt


@login_required
def submission_receipt(request: HttpRequest, submission_id: str) -> HttpResponse:
    receipt = _shown_receipt(request, submission_id)
    return render(request, "intelligence/receipt.html", {"receipt": receipt})


@login_required
def submission_receipt_download(request: HttpRequest, submission_id: str) -> HttpResponse:
    receipt = _shown_receipt(request, submission_id)
    response = HttpResponse(receipt.as_text(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="receipt-{receipt.reference}.txt"'
    return response


@login_required
def submission_file(request: HttpRequest, submission_id: str) -> FileResponse:
    """The original file as it was sent, always as a download.

    Never shown inline: a sent HTML file opened on this site's origin could
    run its scripts with the reader's session.
    """
    user = signed_in_user(request)
    submission = submission_get_visible(user=user, id=submission_id)
    if not submission.file:
        raise Http404("This submission came without a file.")
    audit_sensitive_reads(
        actor=user,
        action="read_file",
        record_type="submission",
        records=[(submission.pk, submission.classification)],
    )
    return FileResponse(
        submission.file.open("rb"),
        as_attachment=True,
        filename=submission.filename or submission.file.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )


@login_required
def our_submissions(request: HttpRequest) -> HttpResponse:
    """What the reader's body has sent through the service, newest first."""
    user = signed_in_user(request)
    if user.body is None:
        return render(request, "intelligence/our_submissions.html", {"pagination": None})
    pagination = paginate(request, submissions_of_body(user=user, body=user.body))
    audit_sensitive_reads(
        actor=user,
        action="list",
        record_type="submission",
        records=((s.pk, s.classification) for s in pagination.page),
    )
    return render(
        request, "intelligence/our_submissions.html", {"pagination": pagination, "body": user.body}
    )


@login_required
def our_submissions_csv(request: HttpRequest) -> StreamingHttpResponse:
    user = signed_in_user(request)
    submissions = submissions_of_body(user=user, body=user.body)
    audit_sensitive_reads(
        actor=user,
        action="export",
        record_type="submission",
        records=submissions.values_list("pk", "classification"),
    )
    response = StreamingHttpResponse(
        submissions_csv(submissions=submissions), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="our-submissions.csv"'
    return response
