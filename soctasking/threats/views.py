"""Page views of the threats app: the catalogue with its filters, and one threat."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from soctasking.threats.forms import ThreatFilterForm
from soctasking.threats.selectors import threat_get, threats_list
from soctasking.web.pagination import paginate


@login_required
def threat_list(request: HttpRequest) -> HttpResponse:
    """The catalogue, narrowed by kind and theme, a page at a time."""
    form = ThreatFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "threats/list.html", {"form": form, "pagination": None}, status=400)
    filters = form.cleaned_data
    threats = threats_list(kind=filters["kind"], theme=filters["theme"])
    context = {
        "form": form,
        "pagination": paginate(request, threats),
        "filtered": any(filters.values()),
    }
    return render(request, "threats/list.html", context)


@login_required
def threat_detail(request: HttpRequest, threat_id: str) -> HttpResponse:
    """One threat: its place in the catalogue and the words that signal it."""
    threat = threat_get(threat_id=threat_id)
    if threat is None:
        raise Http404("No threat has this id.")
    return render(request, "threats/detail.html", {"threat": threat})
