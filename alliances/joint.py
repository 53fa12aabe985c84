"""Joint actions: support counted across member OMS's campaigns through the plugins' hooks. Owned by H6.

Invariants: see ``alliances.models``. A total is read, never stored: the sum of each linked ask's
``Progress`` from ``campaigns.progress.measure`` (the same numbers each campaign page shows).
"""


def totals(actions):
    """``{action pk: JointTotal}`` for ``actions``: a fixed number of queries whatever their asks."""
    raise NotImplementedError


def link_ask(action, campaign, ask_id, user):
    raise NotImplementedError


def unlink_ask(link, user):
    raise NotImplementedError


def actions_for_campaign(campaign):
    """The joint actions (with their alliance) some ask of ``campaign`` counts in."""
    raise NotImplementedError
