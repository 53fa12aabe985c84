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


_SERIALIZED = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the test database's initial contents (what migrations loaded) for the fixture below."""
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            _SERIALIZED[alias] = contents


@pytest.fixture(autouse=True)
def _restore_reference_data(request):
    """Make sure a transactional test starts with the reference data, whatever ran before it.

    Serialized rollback restores it through the connection that holds the serialized copy; a test
    whose thread runs Playwright's event loop gets another connection object, so check and restore.
    """
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from regions.models import Province

    if not Province.objects.exists() and _SERIALIZED.get("default"):
        connection.creation.deserialize_db_from_string(_SERIALIZED["default"])
        ContentType.objects.clear_cache()
