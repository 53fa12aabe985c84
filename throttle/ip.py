"""The client's address, one definition for the rate limits and for django-axes."""
import ipaddress

from . import conf


def client_ip(request):
    """The visitor's IP address: ``REMOTE_ADDR``, or the one the outermost trusted proxy saw.

    Each proxy appends the address it received the request from to ``X-Forwarded-For``, so with N
    proxies in front the client is the N-th entry from the right. Entries further left were written
    by the client itself and are never trusted.
    """
    proxies = conf.proxy_count()
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                     if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or ""


def ip_bucket(request):
    """The address the limits count: an IPv6 client counts as its /64 (one home or phone network)."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
