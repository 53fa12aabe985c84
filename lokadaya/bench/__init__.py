"""Benchmarks of the public site: what a visitor's phone downloads and how soon it paints
(``manage.py page_benchmark``: ``weight``, ``paint``), and how many requests per second the pages
are served at, with and without the page cache (``manage.py bench``: ``pages``, ``load``, ``site``;
``processes`` is shared with ``payments_benchmark``)."""
