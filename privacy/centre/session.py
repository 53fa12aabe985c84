"""Whose data this browser may see in the privacy centre: the one place the centre's pages ask.

Invariants:

* A subject is put in the session only by spending a verification link (``links.use_verify``),
  after cycling the session key (no session fixation), and stays there ``MAX_AGE`` seconds from
  then, not renewed by use: after that, the person proves the address again.
* ``current`` is the only authority of the subject page, the exports, the correction and the
  erasure: they read and change data by the address it returns, never by an address or an id
  from the request. A self-service subject is an email address only: a phone number's records
  are reached through staff, who check the number by their own means.
* Ending (erasure, or "close") removes the subject and cycles the key; a staff member's own
  sign-in or a donor's sign-in in the same browser is left alone.
"""
import time

from ..subjects import Subject

SESSION_KEY = "privacy_centre_subject"
MAX_AGE = 30 * 60


def start(request, row):
    """The browser proved ``row.email``: it may see that address's data for ``MAX_AGE`` seconds."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"e": row.email, "r": row.pk, "t": int(time.time())}


def _data(request):
    session = getattr(request, "session", None)
    data = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(data, dict) or not isinstance(data.get("e"), str) or not isinstance(data.get("t"), int):
        return None
    if time.time() - data["t"] > MAX_AGE:
        session.pop(SESSION_KEY, None)
        return None
    return data


def current(request):
    """The verified ``Subject`` of this browser, or None (never verified, or too long ago)."""
    data = _data(request)
    if data is None or not data["e"]:
        return None
    return Subject.of(email=data["e"])


def anchor_id(request):
    """The id of the request whose link verified this browser (None when there is none)."""
    data = _data(request)
    return data.get("r") if data else None


def remember(request, name, value):
    """Keep a value for the verified subject's session (e.g. the access request it recorded)."""
    data = _data(request)
    if data is not None:
        data[name] = value
        request.session[SESSION_KEY] = data


def recall(request, name):
    data = _data(request)
    return data.get(name) if data else None


def switch_email(request, old, new):
    """A confirmed change of address: a browser verified for ``old`` now follows ``new``."""
    data = _data(request)
    if data is not None and data["e"] == old:
        data["e"] = new
        request.session[SESSION_KEY] = data


def end(request):
    if getattr(request, "session", None) is None:
        return
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
