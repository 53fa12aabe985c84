"""The one way this app talks to a gateway: JSON over HTTPS, the secret key as the Basic auth user.

Every call has a timeout. Each thread keeps its own ``requests`` session, so the worker's
settlement threads reuse their connections to the gateway instead of opening one per call.
"""
import json
import threading
from decimal import Decimal

import requests

#: Seconds: to connect, and to wait for the answer. Only the task worker and the donor's own
#: "pay" step call a gateway, never a visitor's page otherwise.
TIMEOUT = (5, 10)

_local = threading.local()


class GatewayError(Exception):
    """The gateway could not be reached, or answered with an error.

    ``status``: the HTTP status of an error answer (None: no answer); ``data``: its JSON body, if
    any (a card charge reads why it was refused from it).
    """

    def __init__(self, message, status=None, data=None):
        super().__init__(message)
        self.status = status
        self.data = data if isinstance(data, dict) else {}


def _session():
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
        session.headers["Accept"] = "application/json"
    return session


def call(method, url, key, payload=None, headers=None):
    """``method`` ``url`` with ``payload`` as JSON; the answer as a dict (numbers as Decimal)."""
    try:
        response = _session().request(method, url, json=payload, auth=(key, ""), timeout=TIMEOUT,
                                      headers=headers)
    except requests.RequestException as exc:
        raise GatewayError(f"{method} {url}: {exc}") from exc
    try:
        data = json.loads(response.content, parse_float=Decimal)
    except ValueError:
        data = None
    if response.status_code >= 400 or not isinstance(data, dict):
        raise GatewayError(f"{method} {url}: HTTP {response.status_code} {response.text[:300]}",
                           status=response.status_code, data=data)
    return data
