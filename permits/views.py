"""The permit document, to those who may see it (``permits.access``)."""
from django.http import Http404


def document(request, pk):
    raise Http404  # built by the permits helper
