"""Every URL pattern of the site, filled with OMS B's ids, asked by everyone who must be refused B's things.

The patterns come from Django's URL resolver (the Wagtail admin, the admin API, the Django admin, the
site's own views under both language prefixes, every app's and plugin's URLs), so a new view is
covered without editing this file. Each argument is filled with the *other* tenant's object by its
name and the pattern's place (``fill``): B's draft campaign for a page, B's image, document,
collection, donation, bank transfer, editor, B's launch review's workflow and task states...

As OMS A's editor, as Jawa Tengah's moderator (B is in Sulawesi Selatan) and as communications
staff, each pattern is requested with GET, and with an empty POST where the view accepts POST. Every
answer must:
- not be a server error;
- not name B's private things (``tenancy.testing.secrets``: B's draft titles, editor, files,
  donors), neither in the body nor in the messages it leaves for the next page;
- for a pattern that takes B's ids, not be a success at all, unless the pattern is in
  ``ANSWERS_ANYONE`` (each with its reason: it shows only public or the user's own things);
- change nothing of B's (``b_fingerprint``): each request runs in a savepoint rolled back after.
  The fingerprint is taken again only after a request that wrote to one of the tables it reads
  (``writes_to``); a request that wrote none of them cannot have changed it.

Each actor logs in once, before the walk; every request starts from that session in a new client
(the savepoint's rollback undoes whatever a request did to the session, a logout included).

The world is the permission matrix's, with reviews in progress (``tenancy/testing.py``), built once.
"""
import itertools
import re
from contextlib import contextmanager
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils.regex_helper import normalize

from tenancy.testing import secrets, w, world  # noqa: F401 (fixtures: the tenants' world)

ACTORS = ("editor_a", "moderator", "comms")

#: Never requested, with the reason.
SKIPPED = {
    "wagtailadmin_error_test": "Wagtail's /admin/failwhale/ raises on purpose to test error reporting",
    # Wagtail 8.0.1's external-link chooser form crashes on a POST without its "url" field (None has
    # no startswith): a 500 for a malformed request, the same for every user, naming nothing. Wagtail's bug.
    "wagtailadmin_choose_page_external_link": "Wagtail bug: empty POST is a 500 (reported to the lead)",
}

#: URL arguments that do not name a tenant's object (platform configuration, kinds, actions).
NOT_TENANT_ARGUMENTS = {"type_key", "app_label", "model_name", "content_type_app_name", "content_type_model_name",
                        "app_name", "action", "action_name", "task_id", "session_id", "uidb64", "filter_spec",
                        "mode", "year"}

#: Patterns that take B's ids and may still answer 2xx, because they show only what anyone may see
#: (public pages, live pages) or narrow themselves to the user's own things. The secrets check
#: still applies to them.
ANSWERS_ANYONE = {
    # The explorer sends a user outside B's subtree back to their own; its results are narrowed the same.
    "wagtailadmin_explore_results": "the explorer lists only the user's explorable pages",
    # The page chooser browses the live tree (drafts of others filtered by partners.wagtail_hooks).
    "wagtailadmin_choose_page_child": "the page chooser shows live pages and the user's own drafts",
    # Public views: published pages and forms anyone may open.
    "campaign_pledge": "the public pledge form of a live campaign",
    "donation:fundraiser_start": "the public form to start one's own fundraiser for a live campaign",
    "wagtail_serve": "public pages: B's draft is a 404, live pages are public",
    "wagtailadmin_pages:type_use": "the per-type listing lists only the user's explorable pages",
    "wagtailadmin_pages:type_use_results": "same listing, results only",
    "wagtailadmin_tag_model_autocomplete": "tags are shared vocabulary",
    # The searchable choosers of issue 12 offer public things only.
    "regency_chooser:chosen": "kabupaten/kota are public reference data (regions/choosers.py)",
    "district_chooser:chosen": "kecamatan are public reference data (regions/choosers.py)",
    "organisation_chooser:chosen": "only live OMS profiles in the default language, public pages (partners/choosers.py)",
    "finance:organisation": "B's public transparency page (B is a live, verified OMS)",
    "dashboards_public:oms_index": "B's public reports for supporters (B is a live, verified OMS; totals only)",
    "reports:report": "the public \"Laporkan\" form for a live OMS, campaign or story",
    "donation:thanks": "a donor's receipt, reached by its unguessable payment token (the token is the key)",
    "partners:confirm": "an invalid confirmation link: the \"link expired\" page",
    "api:sdg": "the 17 SDGs are public reference data (the open data API, api/)",
    "wagtailadmin_password_reset_confirm": "an invalid reset link: Wagtail's \"link invalid\" page",
}

#: Every action of the admin API's pages endpoint, each asked on B's pages.
API_ACTIONS = ("publish", "copy", "revert_to_page_revision", "delete", "unpublish", "move", "convert_alias",
               "create_alias", "copy_for_translation")


# -- the world -------------------------------------------------------------------------------------




def b_fingerprint(w):
    """Everything of B a refused request could change, as plain values."""
    from banktransfer.models import BankTransfer
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, Revision, TaskState, \
        WorkflowState

    from alliances.models import AllianceMembership, JointAction, JointActionAsk
    from forums.models import Post, SpaceBan, Subscription, Thread
    from permits.models import FundraisingPermit
    from plugins.donation.models import Donation, Fundraiser, MatchFund, RecurringDonation
    from reports.models import Report

    return (
        list(Page.objects.filter(path__startswith=w.b.path).order_by("path").values_list(
            "pk", "title", "draft_title", "slug", "live", "path", "locked", "latest_revision_id", "live_revision_id",
            "has_unpublished_changes", "owner_id", "alias_of_id")),
        Page.objects.count(), Revision.objects.count(),
        list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        list(TaskState.objects.order_by("pk").values_list("pk", "status")),
        list(Image.objects.filter(pk=w.image_b.pk).values_list("title", "collection_id", "file")),
        list(Document.objects.filter(pk=w.document_b.pk).values_list("title", "collection_id", "file")),
        list(Donation.objects.filter(pk=w.donation_b.pk).values_list("status", "amount", "received_amount")),
        list(BankTransfer.objects.filter(pk=w.transfer_b.pk).values_list("status", "reviewed_by")),
        sorted(w.access_b.group.user_set.values_list("pk", flat=True)),
        list(type(w.editor_b).objects.filter(pk=w.editor_b.pk).values_list("email", "is_active", "password")),
        GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count(),
        list(Thread.objects.filter(pk=w.thread_b.pk).values_list("title", "space_id", "locked", "pinned", "hidden",
                                                                "solution_id", "post_count")),
        list(Post.objects.filter(pk=w.post_b.pk).values_list("body", "hidden")),
        SpaceBan.objects.count(), Subscription.objects.count(), Report.objects.count(),
        list(AllianceMembership.objects.filter(alliance=w.alliance_b).order_by("pk").values_list("organisation_id",
                                                                                               "status")),
        list(JointAction.objects.filter(pk=w.joint_b.pk).values_list("title", "goal")), JointActionAsk.objects.count(),
        list(RecurringDonation.objects.filter(pk=w.plan_b.pk).values_list("status", "amount", "next_charge_on")),
        list(Fundraiser.objects.filter(pk=w.fundraiser_b.pk).values_list("status", "title", "target", "raised")),
        list(FundraisingPermit.objects.filter(pk=w.permit_b.pk).values_list("status", "number", "valid_until")),
        list(MatchFund.objects.filter(pk=w.match_fund.pk).values_list("status", "cap", "matched", "ratio")),
        Fundraiser.objects.count(), FundraisingPermit.objects.count(), MatchFund.objects.count(),
    )


# -- the patterns ----------------------------------------------------------------------------------


def patterns(resolvers=None, prefix="", namespaces=()):
    """``(url template, view name, callback)`` for every pattern; the language prefix as ``{lang}``."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry.pattern, LocalePrefixPattern):
            part = "{lang}/"
        else:
            candidates = normalize(entry.pattern.regex.pattern)
            part = candidates[0][0] if candidates else ""
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, prefix + part,
                                namespaces + ((entry.namespace,) if entry.namespace else ()))
        else:
            name = ":".join(namespaces + (entry.name,)) if entry.name else ""
            yield "/" + prefix + part, name, entry.callback


def accepts_post(callback):
    actions = getattr(callback, "actions", None)  # a Django REST framework viewset
    if actions is not None:
        return "post" in actions
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    return True  # a function view: try it


def fill(name, template, view_name, w):
    """Values for the URL argument ``name`` of ``template``: B's object of the right kind."""
    t = template
    page_ids = [w.draft_b.pk, w.story_b.pk, w.b.pk]
    if name in ("page_id", "parent_page_id", "page_to_move_id", "page_pk"):
        return page_ids
    if name in ("destination_id", "organisation_pk"):
        return [w.b.pk]
    if name in ("image_id",):
        return [w.image_b.pk]
    if name in ("document_id", "doc_id"):
        return [w.document_b.pk]
    if name in ("revision_id", "revision_id_a", "revision_id_b"):
        return [w.draft_b.latest_revision_id]
    if name == "task_state_id":
        return [w.task_state_b.pk]
    if name == "workflow_state_id":
        return [w.workflow_state_b.pk]
    if name == "task_id":
        return [w.launch_task.pk, w.other_task.pk]
    if name in ("workflow_pk",):
        return [w.workflow_state_b.workflow_id]
    if name == "user_id":
        return [w.editor_b.pk]
    if name == "collection_id":
        return [w.access_b.collection.pk]
    if name == "action_name":
        return list(API_ACTIONS) if "api/" in t else ["approve", "reject"]
    if name == "action":
        return ["delete", "publish", "unpublish", "move", "add_to_collection"]
    if name in ("app_label", "content_type_app_name", "app_name"):
        return ["campaigns"]
    if name in ("model_name", "content_type_model_name"):
        return ["campaignpage"]
    if name == "type_key":
        return ["donation"]
    if name == "token":
        return [w.donation_b.payment.token]
    if "/donasi/penggalangan/" in t and name == "pk":
        return [w.fundraiser_b.pk]  # a supporter's fundraiser of B's campaign, waiting for B's approval
    if "/donasi/pencocokan/" in t and name == "pk":
        return [w.match_fund.pk]  # a national matching fund: national finance's alone
    if "izin-pub" in t and name == "pk":
        return [w.permit_b.pk]  # B's permit, waiting for Sulawesi Selatan's moderators
    if "penggalangan" in t and name == "slug":
        return [w.fundraiser_b.slug]
    if name == "campaign_id":
        return [w.draft_b.pk, w.camp_b.pk]
    if name == "ask_id":
        return [w.camp_b.get_asks()[0].id]
    if t.startswith("/admin/forum/") and name == "pk":
        return [w.space_b.pk]  # the space of B's province (its settings, bans, log)
    if "/forum/" in t and name == "slug":
        return [w.space_b.slug]  # the private space of B's province
    if "/forum/" in t and name == "pk":
        return [w.thread_b.pk, w.post_b.pk]  # B's thread or post (an attachment would be a post's)
    if "aliansi" in t and name == "pk":
        return [w.alliance_b.pk, w.joint_b.pk]
    if name == "_0" and "{lang}" in t:  # Wagtail's serve: a page path
        return ["mitra/oms-b/draf-b/", "mitra/oms-b/cerita-draf-b/"]
    if name in ("pk", "id", "object_id"):
        if "api/main/pages" in t or "/pages/" in t:
            return page_ids
        if "images" in t:
            return [w.image_b.pk]
        if "documents" in t:
            return [w.document_b.pk]
        if "collections" in t:
            return [w.access_b.collection.pk]
        if "/users/" in t or "auth/user" in t:
            return [w.editor_b.pk]
        if "groups" in t or "auth/group" in t:
            return [w.access_b.group.pk]
        if "workflows/tasks" in t:
            return [w.launch_task.pk]
        if "workflows" in t:
            return [w.workflow_state_b.workflow_id]
        if "galang-daya" in t:
            return [w.donation_b.pk]
        if "transfer" in t:
            return [w.transfer_b.pk]
        if "verifikasi" in t:
            return [w.pending.pk]
        if "mitra" in t or "laporan" in t:
            return [w.b.pk, w.draft_b.pk]
        if "provincial_networks" in t:
            from network.models import ProvincialNetwork

            return [ProvincialNetwork.objects.get(province__code="73").pk]
        return [w.draft_b.pk]
    return ["1"]


def requests_for(w):
    """``(view name, url, query, method, takes B's ids)`` for every pattern, argument and method."""
    for template, view_name, callback in patterns():
        if view_name in SKIPPED:
            continue
        candidates = normalize_template(template)
        # One language: /en/ reaches the same views as /id/ (tests/test_routing.py), at twice the cost.
        langs = ["id"] if "{lang}" in template else [None]
        names = candidates[1]
        values = [fill(n, template, view_name, w) for n in names]
        for lang in langs:
            for combo in itertools.islice(itertools.product(*values), 4):
                url = candidates[0] % dict(zip(names, (str(v) for v in combo)))
                if lang:
                    url = url.replace("{lang}", lang)
                query = ""
                if view_name == "wagtail_bulk_action":
                    query = f"?id={w.draft_b.pk}&id={w.story_b.pk}&id={w.image_b.pk}&id={w.document_b.pk}"
                methods = ["GET"] + (["POST"] if accepts_post(callback) else [])
                for method in methods:
                    yield view_name or template, url + query, method, bool(set(names) - NOT_TENANT_ARGUMENTS)


def normalize_template(template):
    """``template`` (already a %-format string from ``normalize``) and its argument names, in order."""
    import re

    names = re.findall(r"%\((\w+)\)s", template)
    return template, names


# -- the walk --------------------------------------------------------------------------------------


#: Statements that read or manage the transaction; anything else may write.
READS = re.compile(r"\s*(SELECT|SAVEPOINT|RELEASE|ROLLBACK|SET|SHOW)\b", re.IGNORECASE)


def fingerprint_tables(w):
    """The tables ``b_fingerprint`` reads, from the SQL it runs (so the list follows the function)."""
    with CaptureQueriesContext(connection) as queries:
        b_fingerprint(w)
    tables = set()
    for query in queries.captured_queries:
        tables |= set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    return tables


@contextmanager
def writes_to(tables):
    """Yields a list that receives every statement run inside the block that may write to ``tables``."""
    mentions = re.compile(r"\b(" + "|".join(sorted(map(re.escape, tables))) + r")\b")
    written = []

    def watch(execute, sql, params, many, context):
        if not READS.match(sql) and mentions.search(sql):
            written.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield written


def logged_in_cookies(user):
    """The cookies of a session of ``user``, made once; each request's new client starts from them."""
    client = Client()
    client.force_login(user)
    cookies = SimpleCookie()
    cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def read(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    return response.content.decode("utf-8", errors="replace")


@pytest.mark.django_db
def test_writes_to_sees_writes_to_its_tables_only():
    """The walk skips the fingerprint after requests this finds nothing in; it must see every write."""
    from wagtail.models import Page, Revision

    tables = {Page._meta.db_table}
    with writes_to(tables) as written:
        list(Page.objects.select_for_update().filter(depth=1))
        Revision.objects.filter(pk=0).delete()
    assert written == []
    with writes_to(tables) as written:
        Page.objects.filter(depth=1).update(title="Akar")
    assert len(written) == 1 and written[0].startswith("UPDATE")
    with writes_to(tables) as written, connection.cursor() as cursor:
        cursor.execute(f"delete from {Page._meta.db_table} where id = 0")  # raw SQL, unquoted, lower case
    assert len(written) == 1


@pytest.mark.parametrize("actor", ACTORS)
def test_every_url_refuses_the_other_tenant(w, actor):
    from wagtail.models import Page

    from plugins.donation.models import Donation

    user = w[actor]
    hidden = secrets(w, actor)
    failures = []
    seen = 0
    # Every request is rolled back, so B's data before each request is what it is now.
    before = b_fingerprint(w)
    tables = fingerprint_tables(w)
    assert {Page._meta.db_table, Donation._meta.db_table} <= tables, tables  # the SQL was read
    cookies = logged_in_cookies(user)
    for view_name, url, method, takes_ids in requests_for(w):
        seen += 1
        client = Client(raise_request_exception=False)
        client.cookies = SimpleCookie(cookies.output(header=""))
        sid = transaction.savepoint()
        try:
            with writes_to(tables) as written:
                response = client.get(url) if method == "GET" else client.post(url)
                body = read(response)
            messages = " | ".join(str(m) for m in get_messages(response.wsgi_request)) \
                if hasattr(response, "wsgi_request") else ""
            after = b_fingerprint(w) if written else before
        except Exception as exc:  # noqa: BLE001 - reported with the URL, then the walk goes on
            failures.append(f"{method} {url} [{view_name}]: {type(exc).__name__}: {exc}")
            transaction.savepoint_rollback(sid)
            continue
        finally:
            if connection.needs_rollback:
                connection.needs_rollback = False
        transaction.savepoint_rollback(sid)
        where = f"{method} {url} [{view_name}] -> {response.status_code}"
        if response.status_code >= 500:
            failures.append(f"{where}: server error")
        for label, secret in hidden.items():
            if secret in body or secret in messages:
                failures.append(f"{where}: reveals {label} ({secret!r})")
        # Communications staff may choose every collection's images (docs/roles.md), in the admin API too.
        images_are_theirs = actor == "comms" and view_name.startswith(("wagtailimages", "wagtailadmin_api:images"))
        if takes_ids and 200 <= response.status_code < 300 and view_name not in ANSWERS_ANYONE \
                and not images_are_theirs:
            failures.append(f"{where}: answered with B's ids")
        if after != before:
            failures.append(f"{where}: changed B's data")
    assert seen > 300, seen  # the resolver was walked, not an empty list
    assert not failures, f"{len(failures)} of {seen} requests as {actor}:\n" + "\n".join(failures)
