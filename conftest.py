"""Pytest set-up shared by the project's tests and the built-in plugins' tests."""
import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM stays synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["lokadaya.testing"]
