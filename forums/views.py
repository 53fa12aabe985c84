"""Placeholder views (owned by H1)."""
from django.http import Http404



def index(request, *args, **kwargs):
    raise Http404


def unread(request, *args, **kwargs):
    raise Http404


def attachment(request, *args, **kwargs):
    raise Http404


def post_edit(request, *args, **kwargs):
    raise Http404


def space(request, *args, **kwargs):
    raise Http404


def mention_suggestions(request, *args, **kwargs):
    raise Http404


def thread_new(request, *args, **kwargs):
    raise Http404


def thread(request, *args, **kwargs):
    raise Http404


def solve(request, *args, **kwargs):
    raise Http404
