"""The alliances and forums on the dashboards: an OMS's alliances, invitations and unread threads; a
province's alliances, forum activity and open forum-post reports; the national counts per province.

Invariants:
- Called only from views that passed ``dashboards.scope`` first (``organisation_or_404``,
  ``province_or_404``, ``require_national``): nothing here checks who may see the figures.
- An OMS's open invitations and the viewer's unread forum threads are shown to the OMS's own
  editors only (``oms.may_edit``): a moderator or national finance viewing the dashboard sees the
  OMS's alliances, never its invitations nor their own unread count in its name.
- Alliances are counted once per province: an alliance works in a province when it names the province
  or has a member OMS (a ``MEMBER`` row) from it; national alliances name none. Source-language pages.
- Forum activity counts visible posts (not hidden) and threads of the province's spaces (its network's
  and its cohorts') created in the last ``ACTIVITY_DAYS`` days.
- A fixed number of queries whatever the numbers: each function below states its count.
"""
import datetime

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

ACTIVITY_DAYS = 30
ALLIANCES = 10


def _url(name, *args, fallback=""):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the alliances admin is not wired (an app left out)
        return fallback


def _since():
    return timezone.now() - datetime.timedelta(days=ACTIVITY_DAYS)


def _unread_count(user):
    """The viewer's unread forum threads (``forums.unread``): one query (a few more for the permission rule)."""
    from forums.access import readable_threads
    from forums.models import ReadMarker

    try:
        from forums.unread import unread_threads

        return unread_threads(user).count()
    except NotImplementedError:  # before the unread markers exist: threads never opened or newer since
        from django.db.models import OuterRef, Subquery

        marker = ReadMarker.objects.filter(user=user, thread=OuterRef("pk")).values("read_at")[:1]
        return (readable_threads(user).annotate(read_at=Subquery(marker))
                .filter(Q(read_at__isnull=True) | Q(last_post_at__gt=Subquery(marker))).count())


def oms_panels(organisation, user, editor):
    """The OMS dashboard's "Alliances" and "Forum" panels: one query, plus the unread count for an editor."""
    from alliances.models import AllianceMembership

    Status = AllianceMembership.Status
    rows = list(AllianceMembership.objects.filter(organisation=organisation, status__in=[Status.MEMBER, Status.INVITED])
                .select_related("alliance").order_by("-is_lead", "alliance__title", "pk"))
    alliances = []
    for row in rows:
        if row.status != Status.MEMBER:
            continue
        alliance = row.alliance
        alliances.append({
            "alliance": alliance, "is_lead": row.is_lead, "live": alliance.live,
            "url": _url("alliances_admin:members", alliance.pk) if editor else "",
        })
    invitations = [row for row in rows if row.status == Status.INVITED] if editor else []
    return {
        "alliances": alliances,
        "invitations": invitations,
        "alliances_url": _url("alliances_admin:list", fallback="/admin/aliansi/") if editor else "",
        "invitations_url": _url("alliances_admin:invitations", fallback="/admin/aliansi/") if editor else "",
        "forum_unread": _unread_count(user) if editor else None,
        "forum_unread_url": _url("forums:unread") if editor else "",
    }


def province_alliance_keys(province_ids=None):
    """``{province id: set of alliance ids}`` (source-language alliances, drafts included): two queries."""
    from wagtail.models import Locale

    from alliances.models import AllianceMembership, AlliancePage

    default = Locale.get_default()
    pairs = AlliancePage.objects.filter(locale=default, province__isnull=False)
    members = AllianceMembership.objects.filter(status=AllianceMembership.Status.MEMBER,
                                                alliance__locale=default,
                                                organisation__regency__isnull=False)
    if province_ids is not None:
        pairs = pairs.filter(province_id__in=province_ids)
        members = members.filter(organisation__regency__province_id__in=province_ids)
    found = {}
    for province_id, alliance_id in pairs.values_list("province_id", "pk"):
        found.setdefault(province_id, set()).add(alliance_id)
    for province_id, alliance_id in members.values_list("organisation__regency__province_id", "alliance_id"):
        found.setdefault(province_id, set()).add(alliance_id)
    return found


def _province_spaces(province):
    return Q(space__network__province=province) | Q(space__cohort__network__province=province)


def province_panels(province):
    """The province dashboard's alliances, forum activity and open forum-post reports: seven queries."""
    from alliances.models import AlliancePage
    from forums.models import Post, Space, Thread
    from reports.models import Report

    ids = province_alliance_keys([province.pk]).get(province.pk, set())
    alliances = list(AlliancePage.objects.filter(pk__in=ids).annotate(
        members=Count("memberships", filter=Q(memberships__status="member")))
        .select_related("lead_organisation").order_by("-live", "title")[:ALLIANCES])
    since = _since()
    space = Space.objects.filter(network__province=province).first()
    threads = Thread.objects.filter(_province_spaces(province), created_at__gte=since, hidden=False).count()
    posts = Post.objects.filter(Q(thread__space__network__province=province)
                                | Q(thread__space__cohort__network__province=province),
                                created_at__gte=since, hidden=False).count()
    reports = Report.objects.filter(kind=Report.Kind.FORUM_POST, status=Report.Status.OPEN, province=province).count()
    return {
        "alliances": alliances, "alliance_count": len(ids),
        "forum_space": space, "forum_space_url": space.get_absolute_url() if space else "",
        "forum_threads": threads, "forum_posts": posts, "forum_reports": reports,
        "forum_reports_url": _url("reports_admin:list"), "activity_days": ACTIVITY_DAYS,
    }


def national_rows(provinces):
    """``[{"province", "alliances", "posts", "url"}]`` for ``provinces`` (every one listed, in order),
    and the totals: four queries (alliances counted once in all, national ones included)."""
    from wagtail.models import Locale

    from alliances.models import AlliancePage
    from forums.models import Post

    keys = province_alliance_keys()
    posts = {}
    for network_province, cohort_province, n in (
            Post.objects.filter(created_at__gte=_since(), hidden=False).order_by()
            .values_list("thread__space__network__province_id", "thread__space__cohort__network__province_id")
            .annotate(n=Count("pk"))):
        province_id = network_province or cohort_province
        posts[province_id] = posts.get(province_id, 0) + n
    rows = [{"province": p, "alliances": len(keys.get(p.pk, ())), "posts": posts.get(p.pk, 0),
             "url": reverse("dashboards:province", args=[p.code])} for p in provinces]
    return {"rows": rows, "alliances": AlliancePage.objects.filter(locale=Locale.get_default()).count(),
            "posts": sum(posts.values()),
            "activity_days": ACTIVITY_DAYS}
