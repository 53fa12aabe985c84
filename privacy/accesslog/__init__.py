"""See privacy/__init__.py. ``log_access`` writes an entry; ``screens`` has one function per screen."""
from .log import Action, log_access  # noqa: F401
