"""Searching the forums: threads (title and posts) the reader may read.

Invariants:
- Only threads of ``forums.access.readable_threads(user)`` are ever searched: a private space's
  thread never matches for someone who may not read it (anonymous visitors: public spaces only);
  hidden threads only for their space's moderators.
- Only visible (not hidden) posts are matched and quoted, for every reader (moderators included):
  a hidden post's words never surface in a result.
- Words are cleaned by ``search.querytext.clean_query`` (letters and digits only, at most 10), so
  nothing typed reaches the database as an operator; every word must be in the title or in some
  visible post of the thread (each word as a prefix on PostgreSQL, as a substring elsewhere).
- Titles and snippets are escaped before ``<mark>`` is added (``search.highlight``).
- A fixed number of queries whatever is found: the threads (one), their snippets (one, or two off
  PostgreSQL), the highlighting (PostgreSQL: two).
"""
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import translation

from .access import readable_threads
from .models import Post, Thread

#: The most threads a search shows.
LIMIT = 20

#: PostgreSQL: one word, in the thread's title or one of its visible posts (GIN expression indexes
#: of forums 0003_search on both ``to_tsvector('simple', ...)``).
TITLE_MATCH = "to_tsvector('simple'::regconfig, {table}.title) @@ to_tsquery('simple'::regconfig, %s)"
POST_MATCH = ("EXISTS (SELECT 1 FROM {posts} fp WHERE fp.thread_id = {table}.id AND NOT fp.hidden "
              "AND to_tsvector('simple'::regconfig, fp.body) @@ to_tsquery('simple'::regconfig, %s))")


@dataclass
class ThreadHit:
    """A thread found, with its title and a snippet as safe HTML (escaped, matches in ``<mark>``)."""

    thread: Thread
    title_html: str
    snippet_html: str

    @property
    def url(self):
        return self.thread.get_absolute_url()

    @property
    def space(self):
        return self.thread.space


def _language():
    return (translation.get_language() or "id").split("-")[0]


def clean(query):
    """``query`` as a ``search.querytext.QueryText`` (a string is cleaned; a QueryText kept)."""
    from search.querytext import QueryText, clean_query

    if isinstance(query, QueryText):
        return query
    return clean_query(query, _language())


def _prefix(term):
    return f"{term}:*"  # terms are letters and digits only (clean_query)


def matching(threads, terms):
    """``threads`` narrowed to those with every term in the title or a visible post, title matches
    first (``title_hit``), then the most recently active."""
    table = connection.ops.quote_name(Thread._meta.db_table)
    posts = connection.ops.quote_name(Post._meta.db_table)
    if connection.vendor == "postgresql":
        for term in terms:
            threads = threads.filter(RawSQL(
                f"({TITLE_MATCH.format(table=table)} OR {POST_MATCH.format(table=table, posts=posts)})",
                [_prefix(term), _prefix(term)], output_field=BooleanField()))
        title_hit = RawSQL(TITLE_MATCH.format(table=table), [" & ".join(_prefix(t) for t in terms)],
                           output_field=BooleanField())
    else:
        for term in terms:
            threads = threads.filter(Q(title__icontains=term) | Exists(
                Post.objects.filter(thread=OuterRef("pk"), hidden=False, body__icontains=term)))
        title = Q()
        for term in terms:
            title &= Q(title__icontains=term)
        title_hit = Case(When(title, then=Value(True)), default=Value(False), output_field=BooleanField())
    return threads.annotate(title_hit=title_hit).order_by("-title_hit", "-last_post_at", "-pk")


def _snippets(thread_ids, terms):
    """``{thread id: body_html}``: per thread its first visible post with a word, else its first visible post."""
    if not thread_ids:
        return {}
    posts = Post.objects.filter(thread_id__in=thread_ids, hidden=False)
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Post._meta.db_table)
        any_word = " | ".join(_prefix(t) for t in terms)
        hit = RawSQL(f"to_tsvector('simple'::regconfig, {table}.body) @@ to_tsquery('simple'::regconfig, %s)",
                     [any_word], output_field=BooleanField())
        rows = (posts.annotate(hit=hit).order_by("thread_id", "-hit", "created_at", "pk").distinct("thread_id")
                .values_list("thread_id", "body_html"))
        return dict(rows)
    words = Q()
    for term in terms:
        words |= Q(body__icontains=term)
    found = {}
    for thread_id, body_html in posts.filter(words).order_by("created_at", "pk").values_list("thread_id", "body_html"):
        found.setdefault(thread_id, body_html)
    missing = [pk for pk in thread_ids if pk not in found]
    if missing:
        for thread_id, body_html in posts.filter(thread_id__in=missing).order_by("created_at", "pk").values_list(
                "thread_id", "body_html"):
            found.setdefault(thread_id, body_html)
    return found


def search_threads(user, query, *, limit=LIMIT, space=None):
    """The threads ``user`` may read matching ``query`` (a string or a cleaned ``QueryText``), best
    first (title matches, then the most recently active): a list of :class:`ThreadHit`, at most ``limit``.
    ``space`` narrows to one space (its readability is still checked here). No words: nothing."""
    from search.highlight import highlight

    query = clean(query)
    if not query:
        return []
    threads = readable_threads(user)
    if space is not None:
        threads = threads.filter(space=space)
    threads = list(matching(threads, query.terms)
                   .select_related("space__network__province", "space__programme", "space__cohort", "organisation")
                   [:limit])
    if not threads:
        return []
    bodies = _snippets([t.pk for t in threads], query.terms)
    marked = highlight([(t.title, bodies.get(t.pk, "")) for t in threads], query.terms, _language())
    return [ThreadHit(thread=thread, title_html=title_html, snippet_html=snippet_html)
            for thread, (title_html, snippet_html) in zip(threads, marked, strict=True)]


def public_threads(query, *, limit=5):
    """The threads of public spaces matching ``query``: what anyone may see (the site search's block,
    the same for every visitor, so the page may be cached)."""
    from django.contrib.auth.models import AnonymousUser

    return search_threads(AnonymousUser(), query, limit=limit)
