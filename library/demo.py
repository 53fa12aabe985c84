"""Demo content of this app, called by ``manage.py seed_demo``; safe to run again."""


def seed(home, organisations):
    """Create the demo content; return lines to print."""
    return []
