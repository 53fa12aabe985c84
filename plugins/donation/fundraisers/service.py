"""Supporters' fundraisers (built by the fundraisers helper).

The invariants this module keeps:

* A fundraiser's ``raised`` and ``supporters`` are the sum of what the donations through it count
  and how many count: :func:`follow` adds the difference in the donation's own transaction with
  one ``UPDATE ... SET raised = raised + d``, so concurrent donations never lose one another's.
"""


def follow(donation, old_counted):
    """Add what ``donation`` counts now, less ``old_counted``, to its fundraiser (if any). Call under
    the donation's row lock, in the transaction that changed it."""
    return None


def fundraiser_for_pledge(campaign, ask, slug):
    """The approved fundraiser ``slug`` of ``campaign``'s ``ask`` a donor gives through, or None
    (an unknown, hidden or other campaign's fundraiser is ignored: the gift still counts for the campaign)."""
    return None
