"""Demo content of recurring (built by the recurring helper): called once by ``seed_demo`` after every
campaign and programme exists; the money must pass ``manage.py reconcile``."""


def seed():
    """Add the demo; return lines to print."""
    return []
