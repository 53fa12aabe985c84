"""See privacy/__init__.py."""
