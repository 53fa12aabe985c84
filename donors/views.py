"""Donor account pages (built by the donors helper)."""
from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


account = sign_in = sign_in_link = sign_out = yearly_summary = updates = _todo
