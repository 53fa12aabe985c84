"""Demo permits (built by the permits helper)."""


def seed(home, organisations):
    """Verified permits for most demo campaigns; return lines to print."""
    return []
