"""Placeholder views (owned by H3)."""
from django.http import Http404



def report_post(request, *args, **kwargs):
    raise Http404


def moderate_post(request, *args, **kwargs):
    raise Http404


def moderate_thread(request, *args, **kwargs):
    raise Http404


def move_thread(request, *args, **kwargs):
    raise Http404


def ban_author(request, *args, **kwargs):
    raise Http404
