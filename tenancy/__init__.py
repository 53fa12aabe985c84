"""Tenant isolation in the Wagtail admin, by construction (see ``middleware.py`` for the invariants)."""
