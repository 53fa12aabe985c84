"""The public search page and its autocomplete endpoint (JSON)."""
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from . import documents, engine
from .backends.languages import only_languages
from .forms import SearchForm
from .presentation import facet_options, present
from .querytext import clean_query

AUTOCOMPLETE_LIMIT = 8
AUTOCOMPLETE_MIN_CHARS = 2
#: Threads of public forum spaces shown under the results.
FORUM_THREADS = 5


@require_GET
def search(request):
    locale = Locale.get_active()
    form = SearchForm(request.GET or None)
    query = clean_query(form.value("q", ""), locale.language_code)
    filters = form.filters()
    sort = form.value("sort") or ("relevance" if query else "newest")
    notices = []
    if query.typed and not query:
        # Something was typed, but nothing in it can be searched for (only emoji or punctuation):
        # an empty query would browse everything, which is not what the visitor asked for.
        outcome, any_word = _nothing(filters), False
        notices.append(_("Your search has no letters or numbers to look for. Try a word, such as a place, "
                         "a cause or the name of an OMS."))
    else:
        outcome, any_word = engine.run(locale, query.text, filters, sort, request.GET.get("page"))
    if query.shortened:
        notices.append(_("Your search was long: only its first words were used."))
    if any_word:
        notices.append(_("Nothing contains all of the words you searched for; showing results with any of them."))
    if form.is_bound and form.errors:
        notices.append(_("Part of this search could not be understood and was ignored."))
    params = request.GET.copy()
    params.pop("page", None)
    facets = facet_options(outcome.counts, filters)
    # Threads of public forum spaces: the same for every visitor (the page may be cached), on the
    # first page of a search of every type.
    threads = []
    if query and filters.kind is None and outcome.page.number == 1:
        from forums.search import public_threads

        threads = public_threads(query, limit=FORUM_THREADS)
    return TemplateResponse(request, "search/search.html", {
        "form": form,
        "query": query,
        "filters": filters,
        "sort": sort,
        "sorts": [(key, label) for key, label in form.fields["sort"].choices if query or key != "relevance"],
        "outcome": outcome,
        "page_obj": outcome.page,
        "results": present(request, outcome.page.object_list, query.terms, locale.language_code),
        "facets": facets,
        "kind_tabs": kind_tabs(params, facets["kind"], filters.kind),
        "notices": notices,
        "query_string": params.urlencode(),
        "has_filters": bool(filters.active()),
        "threads": threads,
    })


def _nothing(filters):
    """An empty outcome (no results, every facet count zero) for a query with nothing searchable."""
    results, counts = engine.filter_and_count([], filters)
    return engine.Outcome(items=results, counts=counts, page=Paginator(results, engine.PER_PAGE).get_page(1))


def kind_tabs(params, options, chosen):
    """Links to all results and to each type's, keeping the other parameters."""
    params = params.copy()
    params.pop("kind", None)
    tabs = [{"label": _("All"), "count": None, "query": params.urlencode(), "current": not chosen}]
    for option in options:
        params["kind"] = option.value
        tabs.append({"label": option.label, "count": option.count, "query": params.urlencode(),
                     "current": option.selected})
    return tabs


@require_GET
def autocomplete(request):
    """``{"query": ..., "results": [{"title", "url", "kind", "kind_label"}]}``: titles starting with
    what is typed, in the visitor's language. Never an error: bad input gives no suggestions."""
    locale = Locale.get_active()
    query = clean_query(request.GET.get("q", ""), locale.language_code, drop_stopwords=False)
    suggestions = []
    if len(query.text) >= AUTOCOMPLETE_MIN_CHARS:
        types = engine.content_types()
        labels = {key: str(one) for key, (_model, _plural, one) in engine.kinds().items()}
        if documents.enabled():
            ids = documents.suggest(locale, query.text, AUTOCOMPLETE_LIMIT)
            found = Page.objects.filter(pk__in=ids).select_related("locale").in_bulk()
            pages = [found[pk] for pk in ids if pk in found]
        else:
            pages = Page.objects.live().public().filter(locale=locale, content_type__in=list(types))
            with only_languages(locale.language_code):
                pages = list(pages.autocomplete(query.text)[:AUTOCOMPLETE_LIMIT])
        for page in pages:
            kind = types[page.content_type_id]
            suggestions.append({"title": page.title, "url": page.get_url(request), "kind": kind,
                                "kind_label": labels[kind]})
    response = JsonResponse({"query": query.text, "results": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response
