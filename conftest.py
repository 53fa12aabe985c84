"""Pytest set-up shared by the project's tests and the built-in plugins' tests."""
import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM stays synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["lokadaya.testing"]


def pytest_collection_modifyitems(items):
    """Every transactional test restores the reference data its predecessors flushed.

    Migrations load regions, SDGs, locales, networks and the fee; a transactional test (threads,
    live server) empties the tables when it ends, so each one gets serialized rollback.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        uses_live_server = "live_server" in getattr(item, "fixturenames", ())
        if (marker and marker.kwargs.get("transaction")) or uses_live_server:
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)
