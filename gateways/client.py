"""The one way this app talks to a gateway: JSON over HTTPS, the secret key as the Basic auth user."""
import json
from decimal import Decimal

import requests

#: Seconds. Midtrans waits 15 s for the answer to a notification, and we may ask its status API first.
TIMEOUT = 10


class GatewayError(Exception):
    """The gateway could not be reached, or answered with an error."""


def call(method, url, key, payload=None):
    """``method`` ``url`` with ``payload`` as JSON; the answer as a dict (numbers as Decimal)."""
    try:
        response = requests.request(method, url, json=payload, auth=(key, ""), timeout=TIMEOUT,
                                    headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise GatewayError(f"{method} {url}: {exc}") from exc
    try:
        data = json.loads(response.content, parse_float=Decimal)
    except ValueError:
        data = None
    if response.status_code >= 400 or not isinstance(data, dict):
        raise GatewayError(f"{method} {url}: HTTP {response.status_code} {response.text[:300]}")
    return data
