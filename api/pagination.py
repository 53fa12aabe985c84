"""Pagination of every list endpoint: ``?page=N&page_size=M`` (default 20, at most 100).

Every list answers ``{"count", "next", "previous", "results"}``; ``next``/``previous`` are absolute
URLs keeping the other parameters (language, filters). A ``page`` or ``page_size`` that is not a
whole number from 1 is a 400 with a JSON error; a page past the last is a 404, both translated.
"""
from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


def _positive(request, name):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValidationError({name: [_("Must be a whole number from 1.")]})
    return value


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        size = _positive(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        number = _positive(request, self.page_query_param) or 1
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise NotFound(_("There is no page %(number)s.") % {"number": number})
        return list(self.page)
