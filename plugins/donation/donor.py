"""Donations and monthly donations in a donor's account (``donor_history``, ``donor_commitments``);
built by the donors helper."""


def history(email):
    """``[campaigns.types.HistoryItem]`` of every donation made with ``email`` (lower-cased)."""
    return []


def commitments(email):
    """``[campaigns.types.Commitment]`` of the monthly donations of ``email``."""
    return []
