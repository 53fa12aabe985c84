"""Measurements of what a visitor's phone downloads and how soon it paints (``manage.py page_benchmark``)."""
