"""Placeholder views (owned by H2)."""
from django.http import Http404



def preferences(request, *args, **kwargs):
    raise Http404


def unsubscribe(request, *args, **kwargs):
    raise Http404


def follow_space(request, *args, **kwargs):
    raise Http404


def follow_thread(request, *args, **kwargs):
    raise Http404
