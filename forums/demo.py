"""Demo content of the forums (owned by a helper): ``seed(home, organisations)`` returns lines to print."""


def seed(home, organisations):
    return []
