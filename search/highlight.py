"""Matches marked with ``<mark>`` in result titles and snippets.

On PostgreSQL ``ts_headline`` with the language's text search configuration marks what the search
matched, stemmed forms included ("membangun" for "pembangunan"). Elsewhere words starting with a
searched word are marked. The text is escaped; only the ``<mark>`` tags are markup.
"""
import html
import re

from django.db import connection
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .backends.postgres import DEFAULT_LANGUAGE_CONFIGS

START, STOP = "\x02", "\x03"  # never in page text; turned into <mark> after escaping
SNIPPET_CHARS = 220
SOURCE_CHARS = 4000
TITLE_OPTIONS = f"HighlightAll=true, StartSel={START}, StopSel={STOP}"
SNIPPET_OPTIONS = (f"MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \", "
                   f"StartSel={START}, StopSel={STOP}")


def plain_text(value, rich=True):
    """Text as one line; rich text (HTML) loses its tags, plain text (a title) is kept as it is."""
    text = str(value or "")
    if rich:
        text = html.unescape(strip_tags(text))
    return re.sub(r"\s+", " ", text.replace(START, "").replace(STOP, "")).strip()


def _to_html(marked):
    return mark_safe(escape(marked).replace(START, "<mark>").replace(STOP, "</mark>"))


def _postgres(texts, options, terms, language):
    config = DEFAULT_LANGUAGE_CONFIGS.get(language, "simple")
    tsquery = " | ".join(f"'{term}'" for term in terms)  # terms are letters and digits only
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline(%s::regconfig, t, to_tsquery(%s::regconfig, %s), %s) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n",
            [config, config, tsquery, options, texts],
        )
        return [row[0] for row in cursor.fetchall()]


def _python(text, terms, snippet):
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)
    if snippet and len(text) > SNIPPET_CHARS:
        match = pattern.search(text)
        start = max(0, (match.start() if match else 0) - SNIPPET_CHARS // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        piece = text[start:start + SNIPPET_CHARS]
        end = piece.rfind(" ") if start + SNIPPET_CHARS < len(text) else len(piece)
        text = ("… " if start else "") + piece[:end if end > 0 else len(piece)] + (
            " …" if start + SNIPPET_CHARS < len(text) else "")
    return pattern.sub(lambda m: START + m.group(0) + STOP, text)


def highlight(rows, terms, language):
    """``rows`` is ``[(title, body text)]``; returns ``[(title html, snippet html)]``."""
    rows = [(plain_text(title, rich=False), plain_text(body)[:SOURCE_CHARS]) for title, body in rows]
    if not rows:
        return []
    if not terms:
        return [(_to_html(title), _to_html(_shorten(body))) for title, body in rows]
    if connection.vendor == "postgresql":
        titles = _postgres([title for title, _body in rows], TITLE_OPTIONS, terms, language)
        bodies = _postgres([body for _title, body in rows], SNIPPET_OPTIONS, terms, language)
    else:
        titles = [_python(title, terms, snippet=False) for title, _body in rows]
        bodies = [_python(body, terms, snippet=True) for _title, body in rows]
    return [(_to_html(title), _to_html(body)) for title, body in zip(titles, bodies, strict=True)]


def _shorten(text):
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return text[:cut if cut > 0 else SNIPPET_CHARS] + " …"
