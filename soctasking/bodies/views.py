"""Page views of the bodies app: the list with its filters, and one body."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from soctasking.bodies.forms import BodyFilterForm
from soctasking.bodies.selectors import bodies_list, body_get, body_submission_counts
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user


@login_required
def body_list(request: HttpRequest) -> HttpResponse:
    """Every body, narrowed by kind, nation and name, a page at a time."""
    form = BodyFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "bodies/list.html", {"form": form, "pagination": None}, status=400)
    filters = form.cleaned_data
    bodies = bodies_list(kind=filters["kind"], nation=filters["nation"], search=filters["q"])
    context = {
        "form": form,
        "pagination": paginate(request, bodies),
        "filtered": any(filters.values()),
    }
    return render(request, "bodies/list.html", context)


@login_required
def body_detail(request: HttpRequest, body_id: str) -> HttpResponse:
    """One body: where it sits, its units, and what it submitted that the reader may see."""
    body = body_get(body_id=body_id)
    if body is None:
        raise Http404("No body has this id.")
    counts = body_submission_counts(user=signed_in_user(request), body=body)
    context = {
        "body": body,
        "submission_counts": counts,
        "submissions_total": sum(item.count for item in counts),
    }
    return render(request, "bodies/detail.html", context)
