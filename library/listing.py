"""The library index's list: live public resources of the page's language, filtered by aspect and kind.

Only values among the choices are applied (anything else is ignored and said so), so a URL always
gives the same page, whoever asks: the index can be cached like any public page.
"""
from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from learning.aspects import Aspect

PER_PAGE = 12


def filtered_resources(index_page, request):
    from .models import ResourceKind, ResourcePage

    aspect, kind = request.GET.get("aspect", ""), request.GET.get("kind", "")
    notices = []
    if aspect and aspect not in Aspect.values:
        notices.append(_("This capacity aspect does not exist; it was ignored."))
        aspect = ""
    if kind and kind not in ResourceKind.values:
        notices.append(_("This kind of resource does not exist; it was ignored."))
        kind = ""
    resources = (ResourcePage.objects.live().public().descendant_of(index_page)
                 .select_related("cover_image").order_by("-first_published_at", "-pk"))
    if aspect:
        resources = resources.filter(aspect=aspect)
    if kind:
        resources = resources.filter(kind=kind)
    page = Paginator(resources, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "resources": page.object_list,
        "page_obj": page,
        "aspects": Aspect.choices,
        "kinds": ResourceKind.choices,
        "chosen_aspect": aspect,
        "chosen_kind": kind,
        "notices": notices,
        "query_string": params.urlencode(),
    }
