"""The OMS dashboard (issue 14): its figures, who may see them, its query count, the home panel.

The world: OMS A (Semarang, Jawa Tengah) with a campaign asking for every built-in type and records
of each (donations confirmed and pending, goods, volunteers, proposals, signatures past the goal, a
bank transfer with a proof, a disbursement, an open report) and an ended campaign with a petition;
OMS B (Makassar, Sulawesi Selatan) with its own campaign. Built once per module, rolled back after.
"""
import datetime
from decimal import Decimal
from types import ModuleType

import pytest
from django.urls import reverse
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale, Page, Site

from campaigns.hookspecs import hookimpl
from campaigns.models import CampaignPage
from campaigns.plugins import registry
from campaigns.types import DemoInitiative, TodoItem, UpcomingItem
from lokadaya.testing import module_transaction

PASSWORD = "Kop1-Tubruk-Manis"
User = get_user_model()
INITIATIVE = DemoInitiative(slug="lampu", title="Lampu jalan tenaga surya", keywords=("lampu", "energi"))
TYPES = ("donation", "inkind", "volunteering", "partnership", "petition")


class World(dict):
    __getattr__ = dict.__getitem__


def _publish(page):
    page.save_revision().publish()
    return page


def _asks(petition_goal=2):
    asks = []
    for key in TYPES:
        value = registry.call(key, "demo_ask", initiative=INITIATIVE)
        if key == "petition":
            value["goal"] = petition_goal
        asks.append((key, value))
    return asks


def _campaign(parent, slug, title, asks, **fields):
    fields.setdefault("start_date", timezone.localdate() - datetime.timedelta(days=10))
    fields.setdefault("end_date", timezone.localdate() + datetime.timedelta(days=30))
    page = CampaignPage(title=title, slug=slug, summary=f"Ringkasan {title}.", asks=asks, **fields)
    parent.add_child(instance=page)
    _publish(page)
    return CampaignPage.objects.get(pk=page.pk)


def _ask(campaign, key):
    return next(ask for ask in campaign.get_asks() if ask.type_key == key)


def _donation(campaign, name, amount, confirmed, anonymous=False, message=""):
    from finance.ledger import bulk_record_income
    from plugins.donation.models import Donation, Payment

    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount),
                                     status="confirmed" if confirmed else "waiting",
                                     billing_email=f"{name.split()[0].lower()}@contoh.id")
    donation = Donation.objects.create(
        campaign=campaign, ask_id=_ask(campaign, "donation").id, amount=Decimal(amount), payment=payment, name=name,
        email=payment.billing_email, is_anonymous=anonymous, message=message,
        status=Donation.Status.CONFIRMED if confirmed else Donation.Status.PENDING,
        received_amount=Decimal(amount) if confirmed else 0)
    if confirmed:
        bulk_record_income(campaign, [donation], amount_field="counted_amount")
    return donation


def add_records(campaign, organisation, n=1, tag=""):
    """``n`` times: 1 confirmed + 1 pending donation, 2 pledged + 1 received goods, 3 registered +
    1 confirmed volunteers, 1 new + 1 discussed proposal, 2 confirmed + 1 pending signatures."""
    from plugins.inkind.items import ask_items
    from plugins.inkind.models import InKindPledge
    from plugins.partnership.models import Proposal
    from plugins.petition.models import Signature
    from plugins.volunteering.models import VolunteerSignup
    from plugins.volunteering.shifts import iter_shifts

    goods, volunteering = _ask(campaign, "inkind"), _ask(campaign, "volunteering")
    item = ask_items(goods.value)[0]
    shift = iter_shifts(volunteering.value)[0]
    petition, partnership = _ask(campaign, "petition"), _ask(campaign, "partnership")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for i in range(n):
        _donation(campaign, f"Donatur Terbuka {tag}{i}", "250000", True, message="Semangat, teman-teman!")
        _donation(campaign, f"Hamba Allah {tag}{i}", "100000", False, anonymous=True)
        for j, status in enumerate(("pledged", "pledged", "received")):
            InKindPledge.objects.create(
                campaign=campaign, ask_id=goods.id, item_key=item.key, item_name=item.name, unit=item.unit,
                quantity=2, received_quantity=2 if status == "received" else None, status=status,
                delivery="drop_off", delivery_date=tomorrow, name=f"Penyumbang Barang {i}-{j}",
                email=f"barang{tag}{i}-{j}@contoh.id")
        for j, status in enumerate(("registered", "registered", "registered", "confirmed")):
            VolunteerSignup.objects.create(
                campaign=campaign, ask_id=volunteering.id, shift_id=shift.id, role_name=shift.role_name,
                shift_date=shift.date, shift_start=shift.start, shift_end=shift.end, shift_place=shift.place,
                status=status, name=f"Relawan {i}-{j}", email=f"relawan{tag}{i}-{j}@contoh.id")
        for j, status in enumerate(("new", "discussion")):
            Proposal.objects.create(
                campaign=campaign, ask_id=partnership.id, status=status, organisation_name=f"PT Mitra {i}-{j}",
                sector="business", kind="funding", offer="Kami menawarkan dukungan dana CSR.",
                name=f"Kontak {i}-{j}", email=f"mitra{tag}{i}-{j}@contoh.id")
        for j, status in enumerate(("confirmed", "confirmed", "pending")):
            Signature.objects.create(
                campaign=campaign, ask_id=petition.id, status=status, regency=campaign.regency or organisation.regency,
                name=f"Penanda {i}-{j}", email=f"tanda{tag}{i}-{j}@contoh.id", comment="Segera!",
                confirmed_at=timezone.now() if status == "confirmed" else None)


def build_world():
    from banktransfer.models import BankTransfer
    from finance.models import Disbursement
    from home.models import HomePage
    from network.models import ProvincialNetwork
    from partners.models import OrganisationIndexPage, OrganisationPage
    from partners.verification import mark_verified
    from plugins.donation.models import Payment
    from regions.models import Regency
    from reports.models import Report

    locale = Locale.objects.get(language_code="id")
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = _publish(root.add_child(instance=HomePage(title="Lokadaya", slug="home", locale=locale)))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Lokadaya")
    index = _publish(home.add_child(instance=OrganisationIndexPage(title="Mitra", slug="mitra")))

    def oms(slug, title, regency_code):
        page = OrganisationPage(title=title, slug=slug, regency=Regency.objects.get(code=regency_code),
                                email=f"halo@{slug}.id", summary=f"Profil {title}.")
        index.add_child(instance=page)
        _publish(page)
        page, access = mark_verified(page)
        editor = User.objects.create_user(f"editor-{slug}", email=f"editor@{slug}.id", password=PASSWORD)
        editor.groups.add(access.group)
        return OrganisationPage.objects.get(pk=page.pk), editor

    a, editor_a = oms("oms-a", "OMS Semarang A", "33.74")
    b, editor_b = oms("oms-b", "OMS Makassar B", "73.71")
    camp_a = _campaign(a, "lampu-a", "Lampu Jalan Semarang", _asks())
    ended_a = _campaign(a, "petisi-lama-a", "Petisi Lama Semarang", [_asks(petition_goal=1000)[-1]],
                        start_date=timezone.localdate() - datetime.timedelta(days=60),
                        end_date=timezone.localdate() - datetime.timedelta(days=3))
    camp_b = _campaign(b, "lampu-b", "Kampanye Rahasia Makassar", _asks())
    add_records(camp_a, a)
    from plugins.petition.models import Signature
    Signature.objects.create(campaign=ended_a, ask_id=ended_a.get_asks()[0].id, status="confirmed",
                             regency=a.regency, name="Penanda Lama", email="lama@contoh.id",
                             confirmed_at=timezone.now())
    _donation(camp_b, "Donatur Rahasia Makassar", "777000", True)

    payment = Payment.objects.create(variant="transfer", currency="IDR", total=Decimal("150123"), status="waiting")
    BankTransfer.objects.create(
        payment=payment, campaign=camp_a, organisation=a, status=BankTransfer.Status.PROOF_UPLOADED,
        amount=Decimal("150000"), unique_code=123, amount_to_pay=Decimal("150123"), bank_name="BRI",
        bank_account_number="0123", bank_account_holder="OMS A", proof_uploaded_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=1))
    Disbursement.objects.create(campaign=camp_a, organisation=a, amount=Decimal("100000"),
                                paid_on=timezone.localdate(), proof=ContentFile(b"%PDF-1.4\n", name="bukti.pdf"),
                                note="Pencairan pertama")
    Report.objects.create(page=camp_a, page_title=camp_a.title, kind="campaign", province=a.regency.province,
                          reason="other", detail="Foto tidak sesuai.", status="open")

    moderator = User.objects.create_user("moderator-jateng", password=PASSWORD)
    ProvincialNetwork.objects.get(province__code="33").moderators.add(moderator)
    moderator_other = User.objects.create_user("moderator-sulsel", password=PASSWORD)
    ProvincialNetwork.objects.get(province__code="73").moderators.add(moderator_other)
    admin = User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    public = User.objects.create_user("warga", password=PASSWORD)
    return World(a=a, b=b, editor_a=editor_a, editor_b=editor_b, camp_a=camp_a, ended_a=ended_a, camp_b=camp_b,
                 moderator=moderator, moderator_other=moderator_other, admin=admin, public=public)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with module_transaction(django_db_blocker):
        with translation.override("id"):
            yield build_world()


@pytest.fixture
def w(world, db):
    return world


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url_of(w):
    return f"/admin/dasbor/oms/{w.a.pk}/"


# -- the figures -----------------------------------------------------------------------------------


def test_to_do_list_counts_what_waits_and_links_to_its_records(w):
    response = client_for(w.editor_a).get(url_of(w))
    assert response.status_code == 200
    todo = response.context["todo"]

    def count(type_key, status=""):
        return sum(item.count for item in todo if item.type_key == type_key and f"status={status}" in item.url)

    assert count("banktransfer", "proof_uploaded") == 1
    assert count("inkind", "pledged") == 2  # the received one is done
    assert count("volunteering", "registered") == 3  # the confirmed one is done
    assert count("partnership", "new") == 1 and count("partnership", "discussion") == 1
    # The petition past its goal (2 of 2) and the one whose campaign just ended (1 of 1000).
    petitions = sorted((item.campaign_id, item.count) for item in response.context["todo"] if item.type_key == "petition")
    assert petitions == sorted([(w.camp_a.pk, 2), (w.ended_a.pk, 1)])
    reports = [item for item in response.context["todo"] if item.type_key == "reports"]
    assert [item.count for item in reports] == [1] and reports[0].url == ""  # editors cannot open the reports admin
    goods = next(item for item in todo if item.type_key == "inkind")
    assert goods.url == f"/admin/galang-daya/inkind/?campaign={w.camp_a.pk}&status=pledged"
    body = response.content.decode()
    assert goods.url.replace("&", "&amp;") in body
    assert "/admin/transfer-bank/?status=proof_uploaded" in body


def test_money_balance_supporters_and_upcoming(w):
    from finance.ledger import summary
    from plugins.donation.models import Donation

    # The donations are the newest records (the list shows the 12 newest of every type).
    Donation.objects.filter(campaign=w.camp_a).update(created_at=timezone.now() + datetime.timedelta(minutes=1))
    response = client_for(w.editor_a).get(url_of(w))
    figures = response.context["figures"]
    expected = summary(organisation=w.a)
    assert figures["gross"] == Decimal("250000") == expected["gross"]  # the pending donation is not money yet
    assert figures["disbursed"] == Decimal("100000")
    assert figures["balance"] == expected["net"] - Decimal("100000") == expected["balance"]
    chart = response.context["money_chart"]
    assert not chart.empty and chart.table.headers == ["", "Lampu Jalan Semarang"]
    assert chart.table.rows[-1][1] == "Rp 250.000"  # this month
    assert all(row[1] == "Rp 0" for row in chart.table.rows[:-1])
    # Support against target, every type, one bar per ask, each linking to its records.
    support = {item["campaign"].pk: item for item in response.context["support_charts"]}
    bars = support[w.camp_a.pk]["bars"]
    assert len(bars) == 5
    assert {bar.url.split("/")[3] for bar in bars} == set(TYPES)
    petition_bar = next(bar for bar in bars if "petition/" in bar.url)
    assert (petition_bar.value, petition_bar.target, petition_bar.detail) == (2, 2, "100%")
    donation_bar = next(bar for bar in bars if "donation/" in bar.url)
    assert donation_bar.value == Decimal("250000")
    # Recent supporters: real names for the OMS, anonymity marked, pending ones too, messages.
    supporters = response.context["supporters"]
    names = [s.name for s in supporters]
    assert "Hamba Allah 0" in names and "Donatur Terbuka 0" in names
    assert next(s for s in supporters if s.name == "Hamba Allah 0").is_anonymous
    body = response.content.decode()
    assert "Semangat, teman-teman!" in body
    assert '<strong>Hamba Allah 0</strong> <span class="dash-badge">' in body
    assert '<strong>Donatur Terbuka 0</strong> <span class="dash-badge">' not in body
    assert "Kampanye Rahasia Makassar" not in body and "Donatur Rahasia Makassar" not in body
    # Upcoming: the first shift with its filled places, and the goods expected tomorrow.
    upcoming = response.context["upcoming"]
    assert {item.type_key for item in upcoming} == {"volunteering", "inkind"}
    assert [item.detail.split(" ")[0] for item in upcoming if item.type_key == "volunteering"][0] == "4"


# -- who sees it -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor_a", "moderator", "admin"])
def test_own_editor_province_moderator_and_national_admin_see_it(w, role):
    response = client_for(w[role]).get(url_of(w))
    assert response.status_code == 200
    assert "Lampu Jalan Semarang" in response.content.decode()


def test_the_moderator_sees_the_figures_without_links_that_would_refuse_them(w):
    records = reverse("campaign_records:list", kwargs={"type_key": "inkind"})
    editor_body = client_for(w["editor_a"]).get(url_of(w)).content.decode()
    assert records in editor_body and "/edit/" in editor_body
    response = client_for(w["moderator"]).get(url_of(w))
    body = response.content.decode()
    assert response.status_code == 200 and "Lampu Jalan Semarang" in body
    # The records admin and the page editor answer 404/redirect to a moderator: not linked.
    assert "/admin/galang-daya/" not in body and "/admin/petisi/" not in body and "/edit/" not in body
    assert all(not item.url for item in response.context["todo"] if item.type_key != "reports")
    # What the moderator may open stays linked: the reports of their province.
    assert reverse("reports_admin:list") in body or not any(
        item.type_key == "reports" for item in response.context["todo"])


def test_supporters_names_and_messages_are_the_oms_editors_only(w):
    """A moderator sees the OMS's figures, never its supporters' names or messages (docs/roles.md)."""
    from plugins.donation.models import Donation

    Donation.objects.filter(campaign=w.camp_a).update(created_at=timezone.now() + datetime.timedelta(minutes=1))
    editor_body = client_for(w["editor_a"]).get(url_of(w)).content.decode()
    assert "Hamba Allah 0" in editor_body and "Semangat, teman-teman!" in editor_body
    response = client_for(w["moderator"]).get(url_of(w))
    body = response.content.decode()
    assert response.status_code == 200 and "Lampu Jalan Semarang" in body
    assert response.context["supporters"] == []
    assert "Hamba Allah 0" not in body and "Donatur Terbuka 0" not in body
    assert "Semangat, teman-teman!" not in body


@pytest.mark.parametrize("role", ["editor_b", "moderator_other", "public", None])
def test_everyone_else_is_refused_and_sees_no_figure(w, role):
    response = client_for(w[role] if role else None).get(url_of(w))
    body = response.content.decode()
    if role in ("editor_b", "moderator_other"):
        assert response.status_code == 404
    else:  # not admin users: Wagtail sends them to the login or back to the admin home
        assert response.status_code == 302 and "/admin/" in response["Location"]
    for secret in ("Lampu Jalan Semarang", "Donatur Terbuka", "250.000", "Hamba Allah"):
        assert secret not in body


def test_a_missing_oms_is_the_same_404(w):
    assert client_for(w.editor_b).get("/admin/dasbor/oms/999999/").status_code == 404
    assert client_for(w.editor_b).get(url_of(w)).status_code == 404


def test_dashboard_home_redirects_to_the_only_dashboard_or_lists_them(w):
    response = client_for(w.editor_a).get("/admin/dasbor/")
    assert response.status_code == 302 and response["Location"] == url_of(w)
    response = client_for(w.moderator).get("/admin/dasbor/")
    assert response.status_code == 302 and response["Location"] == "/admin/dasbor/provinsi/33/"
    response = client_for(w.admin).get("/admin/dasbor/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/admin/dasbor/nasional/" in body and "/admin/dasbor/provinsi/73/" in body
    assert client_for(w.public).get("/admin/dasbor/").status_code in (302, 403)


def test_dashboard_home_refuses_an_admin_user_with_no_dashboard(w):
    from django.contrib.auth.models import Group, Permission

    comms = User.objects.create_user("komunikasi-dash", password=PASSWORD)
    group, _created = Group.objects.get_or_create(name="Admin tanpa dasbor")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    comms.groups.add(group)
    response = client_for(comms).get("/admin/dasbor/")
    # PermissionDenied, which Wagtail's admin answers with its own refusal: back to the admin home.
    assert response.status_code == 302 and response["Location"] == "/admin/"


# -- queries -----------------------------------------------------------------------------------------


def test_query_count_is_the_same_with_few_and_many_records(w):
    client = client_for(w.editor_a)
    client.get(url_of(w))  # warm per-process look-ups
    with CaptureQueriesContext(connection) as few:
        assert client.get(url_of(w)).status_code == 200
    add_records(w.camp_a, w.a, n=8, tag="lagi")
    more = _campaign(w.a, "lampu-a-2", "Lampu Jalan Kedua", _asks())
    add_records(more, w.a, n=3)
    client.get(url_of(w))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url_of(w))
    assert response.status_code == 200
    assert sum(item.count for item in response.context["todo"] if item.type_key == "inkind") == 2 * 9 + 2 * 3
    listing = "\n".join(q["sql"][:200] for q in many.captured_queries)
    assert len(many.captured_queries) == len(few.captured_queries), listing


# -- the admin home panel ----------------------------------------------------------------------------


def test_home_panel_for_an_oms_editor_only(w):
    body = client_for(w.editor_a).get("/admin/").content.decode()
    assert f'id="dash-panel-{w.a.pk}-section"' in body and url_of(w) in body
    assert f"/admin/galang-daya/inkind/?campaign={w.camp_a.pk}&amp;status=pledged" in body
    for role in ("moderator", "admin"):
        body = client_for(w[role]).get("/admin/").content.decode()
        assert "dash-panel-" not in body


# -- a third party's type ------------------------------------------------------------------------------


def test_a_new_plugin_s_to_do_and_upcoming_items_appear_without_core_change(w):
    plugin = ModuleType("bookdrive_dashboard")

    @hookimpl
    def dashboard_todo(campaigns):
        return [TodoItem(label="Buku untuk disampul", count=len(campaigns), url="/admin/buku/",
                         campaign_id=campaigns[0].pk, type_key="bookdrive")]

    @hookimpl
    def dashboard_upcoming(campaigns, limit):
        return [UpcomingItem(when=timezone.localdate(), title="Bazar buku", detail="Balai desa", url="/admin/buku/")]

    plugin.dashboard_todo, plugin.dashboard_upcoming = dashboard_todo, dashboard_upcoming
    registry.hook  # loaded
    registry.manager.register(plugin, name="bookdrive_dashboard")
    try:
        body = client_for(w.editor_a).get(url_of(w)).content.decode()
    finally:
        registry.manager.unregister(plugin)
    assert "Buku untuk disampul" in body and "Bazar buku" in body and 'href="/admin/buku/"' in body
    assert "Buku untuk disampul" not in client_for(w.editor_a).get(url_of(w)).content.decode()
