"""The forum search page, /<lang>/forum/cari/?q=...[&ruang=<space slug>].

Invariants:
- Results are ``forums.search.search_threads(request.user, ...)``: only threads the visitor may
  read (anonymous visitors: public spaces only).
- A space filter the visitor may not read is a 404 that does not say whether it exists
  (``forums.access.space_or_404``).
- The answer is never kept by the page cache or a shared cache for a signed-in member (their
  results are their own): ``Cache-Control: private, no-store``.
"""
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .access import space_or_404
from .search import LIMIT, clean, search_threads


@require_GET
def search(request):
    query = clean(request.GET.get("q", ""))
    slug = (request.GET.get("ruang") or "").strip()
    space = space_or_404(request.user, slug) if slug else None
    notices = []
    if query.typed and not query:
        notices.append(_("Your search has no letters or numbers to look for. Try a word from a thread's title "
                         "or a post."))
    if query.shortened:
        notices.append(_("Your search was long: only its first words were used."))
    hits = search_threads(request.user, query, limit=LIMIT, space=space) if query else []
    response = TemplateResponse(request, "forums/search.html", {
        "query": query, "space": space, "hits": hits, "notices": notices, "limit": LIMIT,
        "signed_in": request.user.is_authenticated,
    })
    if request.user.is_authenticated:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response
