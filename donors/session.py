"""Who the signed-in donor is: the one place the account pages ask.

Invariants:

* A donor is signed in only by spending a sign-in link (``donors.links.use``), which puts the
  account's id in the session after cycling the session key (no session fixation).
* ``current_donor`` is the only authority of the account pages: they read records by the address
  of the account it returns, never by an address or id from the request.
* Signing out removes the donor from the session (and cycles its key); a staff member's own
  Django sign-in in the same browser is left alone.
"""
from .models import DonorAccount

SESSION_KEY = "donor_account_id"


def current_donor(request):
    """The signed-in ``DonorAccount``, or None."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    if "_donor_account" not in request.__dict__:
        pk = session.get(SESSION_KEY)
        account = DonorAccount.objects.filter(pk=pk).first() if isinstance(pk, int) else None
        request.__dict__["_donor_account"] = account
    return request.__dict__["_donor_account"]


def sign_in(request, account):
    request.session.cycle_key()
    request.session[SESSION_KEY] = account.pk
    request.__dict__["_donor_account"] = account


def sign_out(request):
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    request.__dict__["_donor_account"] = None
