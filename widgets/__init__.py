"""Widgets an OMS puts on its own website: a campaign's progress card with its donate button, a
province's active initiatives (``/embed/``), the one-line script that places them, and oEmbed.

Invariants:

- **Framable by anyone, and only these.** ``/embed/`` pages are the only ones another site may
  frame (``lokadaya/csp.py`` gives them ``frame-ancestors *``; every other page keeps ``'none'``;
  ``widgets.middleware`` leaves X-Frame-Options off for the same prefix only).
- **No cookies.** An embed page, the script and oEmbed never set or read a cookie: no session, no
  CSRF token, no language cookie; the language comes from the URL.
- **Public figures only.** What a widget shows is what the campaign page shows anonymous visitors.
- **Never stale for long.** Kept by the page cache like the campaign page (figures within
  ``LOKADAYA_PAGE_CACHE_FIGURES_SECONDS``), and purged when the campaign is published, unpublished,
  moderated or deleted (``widgets.signals``).

Where to start: ``views.py`` (the card, the province widget, ``v1.js``), ``oembed.py``,
``embedding.py`` (the addresses and the code an OMS pastes), ``panels.py`` (the editor's panel).
"""
