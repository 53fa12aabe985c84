"""What learning asks about packages (placeholder: the e-learning helper writes this module)."""


def incomplete_packages(user, lesson):
    """The ids of the package blocks of ``lesson`` (source page) ``user`` has not completed."""
    return []
