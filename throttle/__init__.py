"""Abuse limits: one gate for every public POST (rate limits, honeypot, captcha), the login lockout
(django-axes) and the per-address email cap. See ``throttle.middleware`` for the invariants."""
