"""Demo content of the alliances (owned by a helper): ``seed(home, organisations)`` returns lines to print."""


def seed(home, organisations):
    return []
