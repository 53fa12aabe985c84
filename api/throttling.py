"""Rate limits of the API, per client address (placeholder: api helper)."""
from rest_framework.throttling import AnonRateThrottle


class ReadThrottle(AnonRateThrottle):
    scope = "api"
