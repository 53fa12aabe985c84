"""Forming an alliance, inviting OMS, accepting, declining, leaving. Owned by H5.

Invariants: see ``alliances.models`` and ``alliances.access``. Each change is one transaction that
also grants or revokes the member OMS's page permission on the alliance page (its editor group:
add/change/publish on that page only), and emails after commit.
"""


class MembershipError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def create_alliance(organisation, user, *, title, level, policy_issue, province=None, regency=None, summary=""):
    """A draft ``AlliancePage`` under the alliances index with ``organisation`` as its lead member."""
    raise NotImplementedError


def invite(alliance, organisation, user, message=""):
    raise NotImplementedError


def accept(membership, user):
    raise NotImplementedError


def decline(membership, user):
    raise NotImplementedError


def leave(membership, user):
    raise NotImplementedError
