"""Public views of fundraisers (built by the fundraisers helper)."""
from django.http import Http404


def start(request, campaign_id, ask_id):
    """The form to start a fundraiser for one money ask of a live campaign."""
    raise Http404


def detail(request, slug):
    """The fundraiser's public page (approved ones; the owner sees theirs while pending)."""
    raise Http404


def manage(request, token):
    """The owner's page by signed link: edit the words and target, see donors, share."""
    raise Http404
