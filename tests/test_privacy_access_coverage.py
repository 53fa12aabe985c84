"""The access log's gate, hard to forget (``privacy/accesslog``): every staff screen or export that shows
supporters' personal data writes exactly one ``AccessLogEntry`` per request.

* For every installed support type with a records admin (the registry's: built-in and third-party
  alike), its list, its CSV and one record's screen, with records present.
* For each other screen found to show supporters' data (``SCREENS``), a real GET.
* Every admin URL of the project's own apps is either one of those or named in ``NOT_SUPPORTERS_DATA``
  with the reason: a new admin screen fails here until someone decides whether it shows supporters.

The world is the permissions matrix's, plus a campaign of OMS A asking for every installed type with
records of each, an event with a registration, a certificate, a report with the reporter's email
and a learner invitation.
"""
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from banktransfer.testing import png_bytes, private_proof_root  # noqa: F401 - fixture
from campaigns.plugins import registry
from privacy.accesslog.log import common_organisation
from privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def extend_world(w):
    from test_permissions_matrix import _campaign

    from certificates.models import Certificate
    from editorial.testing import add_demo_records, every_type_asks
    from events.models import EventIndexPage, EventPage, Registration
    from learning.models import LearnerInvitation, LearningIndexPage
    from reports.models import Report

    every = _campaign(w.a, "semua-jenis-a", "Semua Jenis Dukungan A")
    every.asks = every_type_asks()
    every.save_revision().publish()
    w["every"] = type(every).objects.get(pk=every.pk)
    w["every_records"] = add_demo_records(w.every, count=2)
    portal = LearningIndexPage(title="Belajar", slug="belajar")
    w.home.add_child(instance=portal)
    portal.save_revision().publish()
    events = EventIndexPage(title="Acara", slug="acara")
    portal.add_child(instance=events)
    events.save_revision().publish()
    start = timezone.now() + datetime.timedelta(days=3)
    event = EventPage(title="Webinar Data Pribadi", slug="webinar-data-pribadi", kind="webinar",
                      aspect="communication", start=start, end=start + datetime.timedelta(hours=2), capacity=20,
                      online_url="https://meet.jit.si/lokadaya-uji", summary="Ringkasan.")
    events.add_child(instance=event)
    event.save_revision().publish()
    w["event"] = EventPage.objects.get(pk=event.pk)
    Registration.objects.create(event=w.event, name="Peserta Rahasia", email="peserta-rahasia@contoh.id")
    w["certificate"] = Certificate.objects.create(
        kind="attendance", recipient_name="Penerima Rahasia", recipient_email="penerima@contoh.id",
        title="Webinar Data Pribadi", achieved_on=timezone.localdate(), source_id=w.event.pk, source_key="uji")
    Report.objects.create(page=w.camp_a, page_title=w.camp_a.title, kind="campaign", reason="other",
                          province=w.a.regency.province, detail="Mohon diperiksa.", email="pelapor@contoh.id")
    LearnerInvitation.objects.create(organisation=w.a, email="calon-peserta@contoh.id", name="Calon Peserta",
                                     invited_by=w.editor_a)
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from test_permissions_matrix import build_world

    from lokadaya.testing import module_transaction

    with module_transaction(django_db_blocker):
        yield extend_world(build_world())


@pytest.fixture
def w(world, db):
    return world


def records_types():
    return [t.key for t in registry.installed_types() if registry.implements(t.key, "records_admin")]


def model_of(key):
    return registry.call(key, "records_admin").model


def get_logged(w, role, url):
    """GET ``url`` as ``role``; the response and the entries it wrote."""
    client = Client()
    client.force_login(w[role])
    before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(url)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)  # the whole download, as a browser reads it
    return response, list(AccessLogEntry.objects.filter(pk__gt=before))


# -- every support type's records admin ----------------------------------------------------------------


def test_every_installed_type_has_records_in_the_world(w):
    keys = records_types()
    assert {"donation", "inkind", "volunteering", "partnership", "petition"} <= set(keys)
    for key in keys:
        assert model_of(key).objects.filter(campaign=w.every).exists(), key


@pytest.mark.parametrize("view", ["list", "csv", "record", "editor_list"])
def test_records_admin_of_every_type_logs_once(w, view):
    for key in records_types():
        model = model_of(key)
        records = model.objects.filter(campaign=w.every)
        base = f"/admin/galang-daya/{key}/"
        if view == "list":
            response, entries = get_logged(w, "admin", base)
            everywhere = model.objects.select_related("campaign")
            expected_oms = common_organisation([r.campaign for r in everywhere.order_by("-created_at", "-pk")[:50]])
            action, count = AccessLogEntry.Action.LIST, min(everywhere.count(), 50)
        elif view == "csv":
            response, entries = get_logged(w, "admin", f"{base}?export=csv&campaign={w.every.pk}")
            expected_oms, action, count = w.a, AccessLogEntry.Action.EXPORT, records.count()
        elif view == "record":
            response, entries = get_logged(w, "admin", f"{base}{records.first().pk}/")
            expected_oms, action, count = w.a, AccessLogEntry.Action.RECORD, 1
        else:
            response, entries = get_logged(w, "editor_a", base)
            expected_oms, action = w.a, AccessLogEntry.Action.LIST
            count = model.objects.filter(campaign__in=[w.camp_a, w.every]).count()
        assert response.status_code == 200, (key, view)
        assert len(entries) == 1, (key, view, entries)
        entry = entries[0]
        assert (entry.action, entry.record_count, entry.organisation) == (action, count, expected_oms), (key, view)
        assert count >= 1


# -- the other screens ----------------------------------------------------------------------------------


@dataclass
class Screen:
    id: str
    role: str
    url: Callable
    action: str
    organisation: Callable = lambda w: None
    prepare: Callable = None


def _with_proof(w):
    transfer = w.transfer_b
    transfer.proof.save("bukti.png", ContentFile(png_bytes()), save=False)
    type(transfer).objects.filter(pk=transfer.pk).update(proof=transfer.proof.name, proof_content_type="image/png")


LIST, RECORD, EXPORT = AccessLogEntry.Action.LIST, AccessLogEntry.Action.RECORD, AccessLogEntry.Action.EXPORT
SCREENS = [
    Screen("monthly donors", "admin", lambda w: "/admin/donasi/rutin/", LIST, lambda w: w.b),
    Screen("monthly donors CSV", "admin", lambda w: "/admin/donasi/rutin/?export=csv", EXPORT, lambda w: w.b),
    Screen("monthly donors, OMS editor", "editor_b", lambda w: "/admin/donasi/rutin/", LIST, lambda w: w.b),
    Screen("fundraisers", "admin", lambda w: "/admin/donasi/penggalangan/", LIST, lambda w: w.b),
    Screen("fundraiser and its donors", "admin", lambda w: f"/admin/donasi/penggalangan/{w.fundraiser_b.pk}/",
           RECORD, lambda w: w.b),
    Screen("bank transfers", "admin", lambda w: "/admin/transfer-bank/?status=all", LIST, lambda w: w.b),
    Screen("bank transfer", "admin", lambda w: f"/admin/transfer-bank/{w.transfer_b.pk}/", RECORD, lambda w: w.b),
    Screen("bank transfer proof download", "admin",
           lambda w: f"/admin/transfer-bank/{w.transfer_b.pk}/bukti/?download=1", EXPORT, lambda w: w.b, _with_proof),
    Screen("event registrations", "admin", lambda w: f"/admin/acara/{w.event.pk}/peserta/", LIST),
    Screen("event registrations CSV", "admin", lambda w: f"/admin/acara/{w.event.pk}/peserta.csv", EXPORT),
    Screen("learner invitations", "editor_a", lambda w: f"/admin/belajar/undangan/{w.a.pk}/", LIST, lambda w: w.a),
    Screen("OMS dashboard's recent supporters", "admin", lambda w: f"/admin/dasbor/oms/{w.a.pk}/", LIST,
           lambda w: w.a),
    Screen("OMS dashboard, its editor", "editor_a", lambda w: f"/admin/dasbor/oms/{w.a.pk}/", LIST, lambda w: w.a),
    Screen("reports with reporters' emails", "admin", lambda w: "/admin/laporan/", LIST),
    Screen("certificates", "admin", lambda w: "/admin/sertifikat/", LIST),
    Screen("certificate", "admin", lambda w: f"/admin/sertifikat/{w.certificate.pk}/cabut/", RECORD),
    Screen("the access log's CSV", "admin", lambda w: "/admin/privasi/akses/?format=csv", EXPORT,
           prepare=lambda w: AccessLogEntry.objects.create(username="lain", action="list", what="Sebelumnya")),
]


@pytest.mark.parametrize("screen", SCREENS, ids=lambda screen: screen.id)
def test_screen_logs_exactly_once(w, screen):
    if screen.prepare:
        screen.prepare(w)
    response, entries = get_logged(w, screen.role, screen.url(w))
    assert response.status_code == 200, (screen.id, response.status_code)
    assert len(entries) == 1, (screen.id, entries)
    entry = entries[0]
    assert (entry.user, entry.action, entry.organisation) == (w[screen.role], screen.action, screen.organisation(w))
    assert entry.record_count >= 1 and entry.what


def test_a_moderator_sees_an_oms_dashboard_without_its_supporters_and_nothing_is_logged(w):
    """The moderator's view of an OMS's dashboard holds no supporter's data, so it logs nothing."""
    response, entries = get_logged(w, "moderator", f"/admin/dasbor/oms/{w.a.pk}/")
    assert response.status_code == 200 and response.context["supporters"] == []
    assert entries == []


# -- every admin screen of the project is classified --------------------------------------------------

#: The project's admin URL names that show no supporter's personal data, and why.
NOT_SUPPORTERS_DATA = {
    "partners_admin:review_list": "OMS applications: the OMS's own contact person, not a supporter",
    "partners_admin:review": "one OMS application (as above)",
    "partners_admin:mine": "the editor's own OMS",
    "partners_admin:editors": "the OMS's own editors (staff)",
    "partners_admin:remove_editor": "POST: removes an editor, then redirects",
    "campaign_support_types": "a site setting",
    "donation_admin:matching_funds": "sponsors' funds (organisations), no donor",
    "donation_admin:matching_fund_create": "a sponsor's fund form",
    "donation_admin:matching_fund_edit": "a sponsor's fund form",
    "donation_admin:matching_fund_close": "closing a fund",
    "donation_admin:matching_fund_statement": "matched totals per campaign and month (and CSV): no donor's name",
    "petition_admin:delivery": "a petition's delivery: the number of signatures, no signer",
    "finance_admin:fee": "the management fee",
    "finance_admin:disbursements": "disbursements to OMS",
    "finance_admin:flags": "money flags: amounts and record ids, no name",
    "reports_admin:campaign": "a campaign's standing and its reports' texts, without the reporters' emails",
    "dashboards:home": "links to the user's dashboards",
    "dashboards:province": "a province's aggregates",
    "dashboards:national": "national aggregates",
    "dashboards:oms_reports": "the list of an OMS's quarterly reports",
    "dashboards:oms_report": "a quarterly report (PDF/CSV): aggregates, never a supporter (dashboards.reports)",
    "dashboards:province_reports": "the list of a province's monthly reports",
    "dashboards:province_report": "a monthly report: aggregates only",
    "learning_invitations:index": "the OMS whose invitations the user manages (a redirect to one)",
    "learning_invitations:revoke": "POST: revokes, then redirects",
    "certificates_admin:revoke": None,  # covered (its GET); listed for its POST, which redirects
    "cohorts_admin:list": "cohorts: OMS and their staff learning, not supporters",
    "cohorts_admin:add": "a cohort form",
    "cohorts_admin:detail": "a cohort's progress: OMS staff learners, not supporters",
    "cohorts_admin:edit": "a cohort form",
    "cohorts_admin:delete": "deleting a cohort",
    "cohorts_admin:organisation": "an OMS's staff progress in a cohort, not supporters",
    "cohorts_admin:message": "a message to a cohort's members (staff)",
    "events_admin:list": "the events and their counts",
    "events_admin:mark": "POST: marks attendance, then redirects",
    "events_admin:certificates": "POST: issues certificates, then redirects",
    "lti_admin:list": "Moodle platforms", "lti_admin:add": "a platform form", "lti_admin:edit": "a platform form",
    "lti_admin:refresh": "refreshing a platform's keys",
    "forums_admin:list": "forum spaces", "forums_admin:space": "a space's settings",
    "forums_admin:bans": "bans of forum members (OMS staff), not supporters",
    "forums_admin:log": "moderation decisions in a space",
    "alliances_admin:list": "alliances of OMS", "alliances_admin:add": "an alliance form",
    "alliances_admin:invitations": "invitations between OMS", "alliances_admin:accept": "POST",
    "alliances_admin:decline": "POST", "alliances_admin:members": "member OMS",
    "alliances_admin:invite": "inviting an OMS", "alliances_admin:leave": "leaving an alliance",
    "alliances_joint:list": "joint actions: totals", "alliances_joint:add": "a joint action form",
    "alliances_joint:detail": "a joint action's totals per member campaign", "alliances_joint:edit": "a form",
    "alliances_joint:delete": "deleting", "alliances_joint:link": "linking a campaign's ask",
    "alliances_joint:unlink": "unlinking",
    "permits_admin:list": "fundraising permits (OMS's documents)", "permits_admin:add": "a permit form",
    "permits_admin:policy": "the permit policy", "permits_admin:detail": "one permit",
    "permits_admin:replace": "replacing a permit",
    "banktransfer_admin:confirm": "POST: confirms, then redirects (a refused form re-renders the logged page)",
    "banktransfer_admin:reject": "POST: rejects, then redirects (a refused form re-renders the logged page)",
    "gateways_admin:notifications": "gateways' notifications: order ids and statuses, no name",
    "gateways_admin:retry": "POST: retries notifications",
    "regency_chooser:chosen": "a place", "district_chooser:chosen": "a place",
    "organisation_chooser:chosen": "an OMS",
    "wagtailadmin_api:documents:listing": "documents", "wagtailadmin_api:documents:detail": "documents",
    "wagtailadmin_api:documents:find": "documents", "wagtailadmin_api:images:listing": "images",
    "wagtailadmin_api:images:detail": "images", "wagtailadmin_api:images:find": "images",
    "privacy_accesslog:list": None,  # the log itself: staff names (its CSV is covered, and logged)
}
#: The privacy app's other parts (data subjects' requests, breaches, consents, retention) answer for
#: their own screens: a request's handling is the data subject's own business with the platform.
OWN_PARTS = ("privacy_",)


def project_admin_urls():
    """``(view name, route)`` of every admin URL whose view is the project's own code."""
    base = Path(settings.BASE_DIR).resolve()
    excluded = [base / ".venv", base / "build", base / "node_modules"]
    found = []

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, prefix + str(pattern.pattern),
                     namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif isinstance(pattern, URLPattern) and (prefix + str(pattern.pattern)).startswith("admin/"):
                callback = pattern.callback
                module = __import__(getattr(callback, "view_class", callback).__module__, fromlist=["_"])
                path = Path(getattr(module, "__file__", "") or "/").resolve()
                if base in path.parents and not any(folder in path.parents for folder in excluded):
                    found.append((namespace + (pattern.name or ""), prefix + str(pattern.pattern)))

    walk(get_resolver(), "", "")
    return found


def test_every_admin_screen_of_the_project_is_classified(w):
    covered = {resolve(screen.url(w).split("?")[0]).view_name for screen in SCREENS}
    covered |= {"campaign_records:list", "campaign_records:status"}  # every type's, above
    urls = project_admin_urls()
    assert len(urls) > 50  # the walk found the project's admin
    unclassified = [(name, route) for name, route in urls
                    if name not in covered and name not in NOT_SUPPORTERS_DATA and not name.startswith(OWN_PARTS)]
    assert not unclassified, (
        "These admin screens are neither logged (privacy/accesslog/screens.py, and SCREENS here) nor listed "
        f"in NOT_SUPPORTERS_DATA with a reason: {unclassified}")
    # And nothing listed here as covered has lost its URL.
    names = {name for name, _route in urls}
    assert covered <= names, covered - names
