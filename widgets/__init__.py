"""Widgets an OMS puts on its own website: a campaign's progress card with its donate button, a
province's active initiatives (``/embed/``), the one-line script that places them, and oEmbed.

Invariants:

- **Framable by anyone, and only these.** ``/embed/`` pages are the only ones another site may
  frame (``lokadaya/csp.py`` gives them ``frame-ancestors *``; every other page keeps ``'none'``).
- **No cookies.** An embed page, the script and oEmbed never set or read a cookie: no session, no
  CSRF token, no language cookie; the language comes from the URL.
- **Public figures only.** What a widget shows is what the campaign page shows anonymous visitors.
"""
