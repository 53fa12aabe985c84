"""What the template shows: result cards (loaded and highlighted) and the filters with their counts."""
from dataclasses import dataclass, field

from .engine import kinds
from .highlight import highlight


@dataclass
class Result:
    kind: str
    kind_label: str
    page: object
    url: str
    title_html: str
    snippet_html: str
    support_types: list = field(default_factory=list)


def _body(kind, page):
    """The text a result's snippet is taken from."""
    if kind == "campaign":
        parts = [page.summary, page.body]
    elif kind == "organisation":
        parts = [page.summary, page.about, page.vision]
    elif kind == "story":
        parts = [page.summary, page.problem, page.what_was_done, page.change]
    elif kind == "resource":
        parts = [page.summary, " ".join(page.body.stream_block.get_searchable_content(page.body))]
    elif kind == "alliance":
        parts = [page.summary, page.policy_issue, page.position_statement]
    else:
        parts = [page.summary, page.intro]
    return " ".join(str(part or "") for part in parts)


def present(request, items, terms, language):
    """The current page's items as :class:`Result`, in order, each page loaded once."""
    from campaigns.plugins import registry

    from .engine import has_field

    by_kind = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item.pk)
    loaded = {}
    for kind, pks in by_kind.items():
        model = kinds()[kind][0]
        pages = model.objects.filter(pk__in=pks)
        if has_field(model, "regency"):
            pages = pages.select_related("regency__province")
        if has_field(model, "province"):
            pages = pages.select_related("province")
        for page in pages:
            loaded[(kind, page.pk)] = page
    rows = [(item, loaded[(item.kind, item.pk)]) for item in items if (item.kind, item.pk) in loaded]
    marked = highlight([(page.title, _body(item.kind, page)) for item, page in rows], terms, language)
    results = []
    for (item, page), (title_html, snippet_html) in zip(rows, marked, strict=True):
        support_types = [registry.get(key) for key in sorted(item.supports) if registry.is_enabled(key)]
        results.append(Result(
            kind=item.kind, kind_label=kinds()[item.kind][2], page=page, url=page.get_url(request),
            title_html=title_html, snippet_html=snippet_html,
            support_types=sorted(support_types, key=lambda t: (t.order, t.key)),
        ))
    return results


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


def facet_options(counts, filters):
    """``{facet: [Option]}`` for the filter controls; values without results are left out of the
    long lists (provinces, regencies), never the chosen one."""
    from campaigns.models import CampaignPage
    from campaigns.plugins import registry
    from learning.aspects import Aspect
    from regions.models import Province, Regency
    from sdgs.models import SDG

    def options(rows, facet, keep_empty):
        chosen = filters.value(facet)
        return [
            Option(value=str(value), label=str(label), count=counts[facet].get(key, 0), selected=key == chosen)
            for key, value, label in rows
            if keep_empty or counts[facet].get(key, 0) or key == chosen
        ]

    facets = {
        "kind": options([(key, key, plural) for key, (_m, plural, _one) in kinds().items()], "kind", True),
        "province": options([(p.pk, p.slug, p.name) for p in Province.objects.order_by("name")],
                            "province", False),
        "sdg": options([(s.pk, s.number, str(s)) for s in SDG.objects.all()], "sdg", True),
        "support": options([(t.key, t.key, t.name) for t in registry.support_types()], "support", True),
        "status": options([(key, key, label) for key, label in CampaignPage.Status.choices], "status", True),
        "aspect": options([(key, key, label) for key, label in Aspect.choices], "aspect", True),
        "regency": [],
    }
    if filters.province is not None:
        regencies = Regency.objects.filter(province=filters.province).order_by("name")
        facets["regency"] = options([(r.pk, r.code, r.name) for r in regencies], "regency", False)
    return facets
