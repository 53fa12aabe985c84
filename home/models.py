"""HomePage: the root of each language's page tree, curated by communications staff.

It also routes every public page URL below it (``HomePage.route``): Wagtail walks the tree one
level at a time (a page and its specific row per URL level: 9 queries for a campaign), this finds
the whole chain of pages in one query and fetches only the last page's specific row, keeping
Wagtail's answer exactly - see ``route``. A path routed before in this process costs only the
specific row, checked to be where the walk would find it (``_ROUTED``).
"""
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from lokadaya import compiled_queries

#: Longer paths are walked Wagtail's way, level by level: the same answer, one query per level.
FAST_ROUTE_MAX_COMPONENTS = 16

#: ``{(home page id, path components): (model, page id, url_path, tree path)}``: where this process's
#: walks ended, for pages below plain pages only (see ``_remembered``). Per process, bounded.
_ROUTED = {}
_ROUTED_MAX = 4096


def _remembered(home, components):
    """The page a walk of ``components`` found before, read in one query, if the walk would still
    find it: its ``url_path`` (its slugs and its ancestors') and tree ``path`` (its ancestors: a
    move changes it) are as they were, and it is live. Its ancestors are then the same pages, whose
    types (fixed for a page) let the walk pass without answering (``_remember`` checked): so the walk
    would end at it, and the answer is its own, as in ``route``. None: walk."""
    known = _ROUTED.get((home.pk, components))
    if known is None:
        return None
    model, pk, url_path, tree_path = known
    found = compiled_queries.instances(("route", model), _by_pk(model), [[pk]])
    if not found or found[0].url_path != url_path or found[0].path != tree_path or not found[0].live:
        _ROUTED.pop((home.pk, components), None)
        return None
    return found[0]


def _by_pk(model):
    return lambda groups: model.objects.filter(pk=groups[0][0])


def _remember(home, components, chain, page):
    """Keep where the walk of ``components`` ended (``page``, specific), when every page before it
    is of a type whose ``route`` is the walk itself (so its state cannot change the answer)."""
    if any(_hands_over_by_type(ancestor) for ancestor in chain[:-1]):
        return
    if len(_ROUTED) >= _ROUTED_MAX:
        _ROUTED.clear()
    _ROUTED[(home.pk, components)] = (type(page), page.pk, page.url_path, page.path)


def _hands_over_by_type(page):
    model = page.specific_class or type(page)
    return model.route is not Page.route


def _chain(home, components):
    """The pages along ``components`` below ``home``, in one query: ``[page at level 1, ...]``.

    Each page is the child of the one before with the next slug, as ``get_children().get(slug=...)``
    would find it; the list stops where no child has the slug. ``None`` when some parent has two
    children with one slug (Wagtail's walk then fails its own way).
    """
    steplen = home.steplen
    rows = Page.objects.filter(slug__in=set(components), path__startswith=home.path,
                               depth__gt=home.depth, depth__lte=home.depth + len(components))
    children = {}
    for row in rows:
        children.setdefault((row.path[:-steplen], row.slug), []).append(row)
    chain, parent_path = [], home.path
    for slug in components:
        found = children.get((parent_path, slug), ())
        if len(found) > 1:
            return None
        if not found:
            break
        chain.append(found[0])
        parent_path = found[0].path
    return chain


def _next_route(model):
    """The ``route`` that ``super().route`` reaches from ``RoutablePageMixin`` in ``model``'s MRO."""
    mro = model.__mro__
    for klass in mro[mro.index(RoutablePageMixin) + 1:]:
        if "route" in klass.__dict__:
            return klass.__dict__["route"]
    return None


def _hands_over(page, remaining):
    """Whether ``page``'s own ``route`` must answer for ``remaining`` (else it is Wagtail's walk).

    ``Page.route`` is the walk itself. ``RoutablePageMixin.route`` answers with a sub-route of a
    live page (``dukung/<ask_id>/`` of a campaign; ``""`` for the page itself) and otherwise walks
    on as ``Page.route``. Any other ``route`` is asked.
    """
    model = page.specific_class or type(page)
    route = model.route
    if route is Page.route:
        return False
    if (route is RoutablePageMixin.route and _next_route(model) is Page.route
            and model.resolve_subpage is RoutablePageMixin.resolve_subpage):
        if not page.live:
            return False
        try:
            model.get_resolver().resolve("/" + "".join(f"{part}/" for part in remaining))
        except Http404:
            return False
    return True


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = RichTextField(_("hero text"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("hero_title"), FieldPanel("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    @property
    def localized_draft(self):
        """Wagtail's, from the per-process copies of each language's home page when it has them."""
        from lokadaya.lookups import _UNKNOWN, localized_root

        found = localized_root(self)
        return super().localized_draft if found is _UNKNOWN else found

    def route(self, request, path_components):
        """Wagtail's routing below this page in one or two queries, whatever the depth.

        Wagtail asks each page's ``route`` for the rest of the path, starting here; the default one
        takes the child with the next slug (live or not) and hands it the rest, and the last page
        answers if it is live. Here the chain of children comes from one query; the walk then runs
        in memory and only the page that answers is fetched whole (``.specific``). A page whose
        ``route`` does more than walk (a campaign's ``dukung/<ask_id>/``) is handed the rest of the
        path as Wagtail would, so it answers exactly as before.
        """
        components = list(path_components)
        if not components or len(components) > FAST_ROUTE_MAX_COMPONENTS:
            return super().route(request, components)
        page = _remembered(self, tuple(components))
        if page is not None:
            page = prime_locale(page)
            return page.route(request, []) if _hands_over(page, []) else RouteResult(page)
        chain = _chain(self, components)
        if chain is None:
            return super().route(request, components)
        current, remaining = self, components
        for child in chain:
            child._cached_parent_obj = current
            current, remaining = child, remaining[1:]
            if _hands_over(current, remaining):
                page = _specific(current)
                if not remaining:
                    _remember(self, tuple(components), chain, page)
                return page.route(request, remaining)
            if not remaining:
                if not current.live:
                    raise Http404
                page = _specific(current)
                _remember(self, tuple(components), chain, page)
                return RouteResult(page)
        # No child with the next slug below the deepest page found.
        raise Http404

    def get_context(self, request, *args, **kwargs):
        from campaigns.models import CampaignPage
        from lokadaya.cards import load_cards
        from stories.models import StoryPage

        context = super().get_context(request, *args, **kwargs)
        # The cards' places, pictures and progress in a fixed number of queries (lokadaya/cards.py).
        context.update(load_cards(
            campaigns=CampaignPage.objects.live().public().filter(locale=self.locale)
            .select_related("regency__province", "hero_image").order_by("-first_published_at")[:6],
            stories=StoryPage.objects.live().public().filter(locale=self.locale)
            .select_related("regency", "hero_image").order_by("-date")[:3],
        ))
        from regions.maps.render import province_map

        context["map"] = province_map(request)  # one query (issue 14)
        return context


def _specific(page):
    return prime_locale(page.specific)


def prime_locale(page):
    from lokadaya.lookups import prime_locale

    return prime_locale(page)
