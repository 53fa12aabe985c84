"""Placeholder views (owned by H7)."""
from django.http import Http404



def search(request, *args, **kwargs):
    raise Http404
