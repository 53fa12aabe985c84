"""Public views of recurring (built by the recurring helper)."""
from django.http import Http404


def manage(request, token):
    """The donor's page for one monthly donation, by its signed link: pause, resume, change, stop."""
    raise Http404
