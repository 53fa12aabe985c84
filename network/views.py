"""Public pages of the provincial networks: all 38, and one network's consolidated page."""
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Locale

from pagecache import cache_public_page

from .consolidation import active_filter, province_figures, source_pages, support_types
from .models import ProvincialNetwork

CARDS = 12
ALLIANCES = 12
#: The latest threads of a public network space shown on its page.
FORUM_THREADS = 3


@cache_public_page
def network_index(request):
    from campaigns.models import CampaignPage
    from partners.models import OrganisationPage

    organisations = dict(source_pages(OrganisationPage).filter(is_verified=True)
                         .values_list("regency__province").annotate(n=Count("pk")).order_by())
    campaigns = dict(source_pages(CampaignPage).filter(active_filter())
                     .values_list("regency__province").annotate(n=Count("pk")).order_by())
    networks = list(ProvincialNetwork.objects.select_related("province").prefetch_related("organisations"))
    for network in networks:
        network.organisation_count = organisations.get(network.province_id, 0)
        network.active_campaign_count = campaigns.get(network.province_id, 0)
    from regions.maps.render import province_map

    return TemplateResponse(request, "network/network_index.html",
                            {"networks": networks, "map": province_map(request)})


@cache_public_page
def network_detail(request, slug):
    from campaigns.models import CampaignPage
    from lokadaya.cards import load_cards, localized_all
    from partners.models import OrganisationPage
    from stories.models import StoryPage

    network = get_object_or_404(ProvincialNetwork.objects.select_related("province"), province__slug=slug)
    province = network.province
    locale = Locale.get_active()
    rows, total = province_figures(province)
    types = support_types()
    running = localized_all(network.organisations.live().select_related("regency"), live_only=False)
    context = {"network": network, "province": province, "rows": rows, "total": total, "types": types,
               "running": running}
    # The cards' places, pictures and progress in a fixed number of queries (lokadaya/cards.py).
    context.update(load_cards(
        organisations=OrganisationPage.objects.live().public().filter(
            locale=locale, is_verified=True, regency__province=province)
        .select_related("regency__province", "logo", "verified_by").order_by("title"),
        # The soonest to end first; the province's region page lists them all.
        campaigns=CampaignPage.objects.live().public().filter(locale=locale, regency__province=province)
        .filter(active_filter()).select_related("regency__province", "hero_image").order_by("end_date")[:CARDS],
        stories=StoryPage.objects.live().public().filter(locale=locale, regency__province=province)
        .select_related("regency", "hero_image").order_by("-date")[:12],
    ))
    context.update(province_alliances(province, locale))
    context.update(network_forum(network))
    return TemplateResponse(request, "network/network_detail.html", context)


def province_alliances(province, locale):
    """``{"alliances": [...]}``: the live public alliances of ``locale`` working in ``province`` (their
    own province, or a member OMS from it), in one query."""
    from django.db.models import Q

    from alliances.models import AllianceMembership, AlliancePage

    members_here = AllianceMembership.objects.filter(
        status=AllianceMembership.Status.MEMBER, organisation__regency__province=province).values(
        "alliance__translation_key")
    alliances = (AlliancePage.objects.live().public().filter(locale=locale)
                 .filter(Q(province=province) | Q(translation_key__in=members_here))
                 .select_related("province", "regency").order_by("title")[:ALLIANCES])
    return {"alliances": list(alliances)}


def network_forum(network):
    """The network's forum space and, when the public may read it, its latest threads: two queries."""
    from forums.models import Space

    space = Space.objects.filter(network=network).first()
    if space is not None:
        space.network = network  # its name follows the network's (no query)
    return forum_preview(space)


def forum_preview(space):
    """``{"forum_space", "forum_threads"}`` for a page that links a forum space (a network's, a
    programme's): when the public may read it, its latest visible threads (one query). A private
    space's threads are never read here: the page is the same for every visitor (page cache)."""
    from forums.models import Thread

    threads = []
    if space is not None and space.is_public:
        threads = list(Thread.objects.filter(space=space, hidden=False).order_by("-last_post_at", "-pk")
                       [:FORUM_THREADS])
        for thread in threads:
            thread.space = space
    return {"forum_space": space, "forum_threads": threads}


def programme_alliances_and_forum(programme):
    """For a programme's page: the live public alliances of its language working on it
    (``AlliancePage.programme``, any language's page of it) and its forum space (latest threads when
    public): three queries at most."""
    from alliances.models import AlliancePage
    from forums.models import Space

    alliances = list(AlliancePage.objects.live().public().filter(locale_id=programme.locale_id)
                     .filter(programme__translation_key=programme.translation_key)
                     .select_related("province", "regency").order_by("title")[:ALLIANCES])
    space = Space.objects.filter(programme__translation_key=programme.translation_key).first()
    if space is not None and space.programme_id == programme.pk:
        space.programme = programme  # its name follows the programme's (no query)
    return {"alliances": alliances, **forum_preview(space)}


def paths_showing_space(space):
    """The public paths that show ``space``'s latest threads (its network's or programme's page, in
    every language): what a new or hidden thread of a public space should purge from the page cache."""
    from pagecache.dependents import localized_paths, page_path, translations

    paths = set()
    if space.network_id:
        paths |= localized_paths([("network:detail", {"slug": space.network.province.slug})])
    if space.programme_id:
        paths.update(page_path(page) for page in translations(space.programme))
    paths.discard(None)
    return paths
