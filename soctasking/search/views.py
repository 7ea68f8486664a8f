"""Page views of the search app: the search form, and one page of results."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from soctasking.audit.services import audit_sensitive_reads
from soctasking.search.forms import SearchForm
from soctasking.search.query import SearchQueryInvalid
from soctasking.search.selectors import SearchResults, submissions_search
from soctasking.web.pagination import PageLink, Pagination
from soctasking.web.shortcuts import signed_in_user

PER_PAGE = 20


def _href(request: HttpRequest, number: int) -> str:
    # The words and filters stay in every link, so each page is the same search.
    query = request.GET.copy()
    query["page"] = str(number)
    return f"?{query.urlencode()}"


def _pagination(request: HttpRequest, results: SearchResults) -> Pagination:
    # A paginator over a range knows the page numbers without holding any hits.
    page = Paginator(range(results.count), results.per_page).page(results.page)
    links = [
        PageLink(number=number, href=_href(request, number), current=number == page.number)
        if isinstance(number, int)
        else PageLink(number=None)
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return Pagination(
        page=page,
        links=links,
        previous_href=_href(request, page.previous_page_number()) if page.has_previous() else "",
        next_href=_href(request, page.next_page_number()) if page.has_next() else "",
    )


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() else 1


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Search the submissions the reader may see; the first visit shows only the form."""
    user = signed_in_user(request)
    form = SearchForm(request.GET if "q" in request.GET else None)
    results: SearchResults | None = None
    if form.is_bound and form.is_valid():
        filters = form.cleaned_data
        try:
            results = submissions_search(
                user=user,
                query=filters["q"],
                body=filters["body"] or None,
                threat=filters["threat"] or None,
                kind=filters["kind"] or None,
                classification=filters["classification"] or None,
                period_start=filters["period_start"],
                period_end=filters["period_end"],
                grading_source=filters["grading_source"] or None,
                grading_intelligence=filters["grading_intelligence"] or None,
                page=_page_number(request),
                per_page=PER_PAGE,
            )
        except SearchQueryInvalid as problem:
            form.add_error("q", str(problem))
    if results is not None:
        # Titles and snippets of SECRET material are themselves SECRET: showing them is a read.
        audit_sensitive_reads(
            actor=user,
            action="search",
            record_type="submission",
            records=[(hit.id, hit.classification) for hit in results.hits],
        )
    context = {
        "form": form,
        "results": results,
        "pagination": _pagination(request, results) if results is not None else None,
        "filtered": results is not None
        and any(value for name, value in form.cleaned_data.items() if name != "q"),
    }
    return render(request, "search/search.html", context, status=400 if form.errors else 200)
