"""The provincial network and national dashboards (issue 14): their figures, who sees them (as a
permission matrix), their fixed number of queries, and the admin home's panels.

The world: Jawa Tengah (33, "A") and Sulawesi Selatan (73, "B"); OMS of A in several verification
statuses, a verified OMS of B; ledger lines in different months; open and handled reports; a
campaign of A awaiting its launch approval; a national programme; petition signatures.
"""
import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import CampaignPage
from dashboards import network_figures as nf
from finance.ledger import split
from finance.models import FeeSetting, LedgerEntry
from partners.models import OrganisationPage
from partners.testing import make_moderator, make_verified_oms
from plugins.petition.models import Signature
from regions.models import Province, Regency
from reports.models import Report

pytestmark = pytest.mark.django_db
FIXTURES = (make_moderator, make_verified_oms)  # pytest finds fixtures imported into the module

PASSWORD = "Kop1-Tubruk-Manis"
DONATION = ("donation", {"title": "Donasi", "target": Decimal("10000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000]})
PETITION = ("petition", {"title": "Petisi", "description": "Dukung kami.", "decision_maker": "Bupati",
                         "demand": "Perbaiki jalan.", "goal": 100})
PROVINCE_URL = "/admin/dasbor/provinsi/{}/"
NATIONAL_URL = "/admin/dasbor/nasional/"
_sources = iter(range(1, 10_000_000))


def months_ago(count, day=10):
    """An aware datetime ``count`` months before this month (local time), on ``day``."""
    today = timezone.localdate()
    year, month = today.year, today.month - count
    while month < 1:
        year, month = year - 1, month + 12
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


def book(campaign, gross, when, percentage=Decimal("5")):
    """The five ledger lines of an income of ``gross`` on ``campaign`` at ``when`` (as finance.ledger writes them)."""
    organisation = campaign.get_parent().specific
    regency = campaign.regency or organisation.regency
    source_id = next(_sources)
    LedgerEntry.objects.bulk_create([
        LedgerEntry(campaign=campaign, organisation=organisation, province_id=regency.province_id, kind=kind,
                    amount=amount, fee_percentage=percentage, source_type="tests.manual", source_id=source_id,
                    occurred_at=when)
        for kind, amount in split(Decimal(gross), percentage).items()])


def sign(campaign, n, status=Signature.Status.CONFIRMED, start=0):
    ask = [a for a in campaign.get_asks() if a.type_key == "petition"][0]
    Signature.objects.bulk_create([
        Signature(campaign=campaign, ask_id=ask.id, name=f"Penanda {start + i}", email=f"p{start + i}-{status}@contoh.id",
                  regency=campaign.regency, status=status, confirmed_at=timezone.now()) for i in range(n)])


def report(page, province, title, status=Report.Status.OPEN):
    return Report.objects.create(page=page, page_title=title, kind=Report.Kind.CAMPAIGN, province=province,
                                 reason=Report.Reason.FRAUD, detail="Mencurigakan.", status=status)


def set_status(page, status):
    OrganisationPage.objects.filter(pk=page.pk).update(verification_status=status,
                                                       is_verified=status == "verified")


def user(username, **fields):
    return get_user_model().objects.create_user(username, email=f"{username}@contoh.id", password=PASSWORD, **fields)


@pytest.fixture
def world(make_verified_oms, make_organisation, make_campaign, make_moderator, home_page):
    """Two provinces, OMS in several statuses, money in different months, reports, a launch awaiting approval."""
    from programmes.models import ProgrammeIndexPage, ProgrammePage

    FeeSetting.objects.create(percentage=Decimal("5"), effective_from=timezone.now() - datetime.timedelta(days=900))
    a, b = Province.objects.get(code="33"), Province.objects.get(code="73")
    semarang = make_verified_oms("oms-semarang-hijau", "33.74", title="OMS Semarang Hijau")
    kendal = make_verified_oms("oms-kendal-lestari", "33.24", title="OMS Kendal Lestari")
    pending = make_organisation(slug="oms-menunggu", title="OMS Menunggu", regency_code="33.74")
    set_status(pending, "pending")
    changes = make_organisation(slug="oms-perbaiki", title="OMS Perlu Perbaikan", regency_code="33.24")
    set_status(changes, "changes_requested")
    makassar = make_verified_oms("oms-makassar-rahasia", "73.71", title="OMS Makassar Rahasia")

    camp_a = make_campaign(asks=[DONATION, PETITION], parent=semarang, slug="kampanye-semarang",
                           title="Kampanye Semarang", regency=Regency.objects.get(code="33.74"))
    camp_b = make_campaign(asks=[DONATION], parent=makassar, slug="kampanye-makassar",
                           title="Kampanye Makassar Rahasia", regency=Regency.objects.get(code="73.71"))
    book(camp_a, 100_000, months_ago(0))
    book(camp_a, 200_000, months_ago(2))
    book(camp_b, 1_000_000, months_ago(1))
    sign(camp_a, 3)
    sign(camp_a, 2, status=Signature.Status.PENDING)  # not counted

    report(camp_a, a, "Laporan Terbuka Semarang")
    report(camp_a, a, "Laporan Selesai Semarang", status=Report.Status.HANDLED)
    report(camp_b, b, "Laporan Rahasia Makassar")

    # A campaign of A submitted for launch: the provincial launch workflow in progress.
    draft = make_campaign(asks=[DONATION], parent=kendal, slug="kampanye-kendal-baru", title="Kampanye Kendal Baru",
                          regency=Regency.objects.get(code="33.24"), live=False)
    draft = CampaignPage.objects.get(pk=draft.pk)
    draft.get_workflow().start(draft, kendal.editor)

    index = ProgrammeIndexPage(title="Program Nasional", slug="program-nasional")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    programme = ProgrammePage(title="Program Air Bersih", slug="air-bersih", cluster="other")
    programme.campaigns = [camp_a]
    index.add_child(instance=programme)
    programme.save_revision().publish()

    moderator_a = make_moderator("33", username="moderator-jateng")
    moderator_b = make_moderator("73", username="moderator-sulsel")
    superuser = user("nasional", is_superuser=True, is_staff=True)
    finance = user("keuangan")
    finance.groups.add(Group.objects.get(name="Keuangan Nasional"))
    return locals()


def login(client, who):
    client.force_login(who)
    return client


# -- the figures ------------------------------------------------------------------------------


def test_province_figures(world):
    a = world["a"]
    kota_semarang, kendal = Regency.objects.get(code="33.74"), Regency.objects.get(code="33.24")
    statuses = nf.organisation_statuses(a)
    # make_campaign's own OMS ("oms-contoh") is verified in Kota Semarang too.
    assert statuses[a.pk] == {"verified": 3, "pending": 1, "changes_requested": 1}
    assert set(statuses) == {a.pk}  # nothing of B
    assert nf.money_per_regency(a) == {kota_semarang.pk: Decimal("300000")}
    months = nf.month_starts(12)
    share = nf.ledger_per_month([LedgerEntry.Kind.PROVINCIAL], months, province=a)[LedgerEntry.Kind.PROVINCIAL]
    # 5% of Rp 100.000 = Rp 5.000, 75% of it Rp 3.750; of Rp 200.000 two months ago: Rp 7.500.
    assert share[-1] == Decimal("3750") and share[-3] == Decimal("7500") and sum(share) == Decimal("11250")
    count, latest = nf.open_reports(a)
    assert count == 1 and [r.page_title for r in latest] == ["Laporan Terbuka Semarang"]
    count, launches = nf.launches_awaiting(a)
    assert count == 1 and launches[0]["title"] == "Kampanye Kendal Baru"
    assert launches[0]["organisation_title"] == "OMS Kendal Lestari" and launches[0]["place"] == kendal.name
    assert nf.launches_awaiting(world["b"])[0] == 0
    verified = nf.verified_per_regency(a)
    assert verified == {kota_semarang.pk: (a.pk, 2), kendal.pk: (a.pk, 1)}


def test_a_campaign_without_a_place_of_its_own_awaits_in_its_organisations_province(world):
    draft = world["draft"]
    CampaignPage.objects.filter(pk=draft.pk).update(regency=None)
    assert nf.launches_awaiting(world["a"])[0] == 1
    assert nf.launches_awaiting(world["b"])[0] == 0
    assert nf.launches_per_province() == {world["a"].pk: 1}


def test_national_figures(world):
    a, b = world["a"], world["b"]
    months = nf.month_starts(12)
    money, fees = nf.ledger_overview(months)
    assert money == {a.pk: Decimal("300000"), b.pk: Decimal("1000000")}
    assert fees[LedgerEntry.Kind.FEE][-3:] == [Decimal("10000"), Decimal("50000"), Decimal("5000")]
    assert sum(fees[LedgerEntry.Kind.PROVINCIAL]) == Decimal("11250") + Decimal("37500")
    # Money older than the window counts in the totals, not in the months shown.
    book(world["camp_b"], 400_000, months_ago(14))
    money, fees = nf.ledger_overview(months)
    assert money[b.pk] == Decimal("1400000") and sum(fees[LedgerEntry.Kind.FEE]) == Decimal("65000")
    assert nf.open_reports_per_province() == {a.pk: 1, b.pk: 1}
    programmes = nf.programme_progress()
    assert programmes == [{"pk": world["programme"].pk, "title": "Program Air Bersih", "campaigns": 1, "active": 1,
                           "provinces": 1, "raised": Decimal("300000")}]
    growth = dict((t.key, values) for t, values in nf.supporter_growth(nf.month_starts(24)))
    assert growth["petition"][-1] == 3 and growth["donation"][-1] == 0
    assert nf.organisation_growth(nf.month_starts(24))[-1] == 4  # verified: contoh, Semarang, Kendal, Makassar
    assert nf.campaign_growth(nf.month_starts(24))[-1] == 2  # the draft is not live


def test_the_province_dashboard_shows_its_figures(client, world):
    response = login(client, world["moderator_a"]).get(PROVINCE_URL.format("33"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jawa Tengah" in html
    assert "Rp 300.000" in html  # Kota Semarang's money
    assert "Kampanye Kendal Baru" in html and reverse("wagtailadmin_pages:edit", args=[world["draft"].pk]) in html
    assert "Laporan Terbuka Semarang" in html and "Laporan Selesai Semarang" not in html
    assert reverse("reports_admin:list") in html and reverse("partners_admin:review_list") + "?status=pending" in html
    assert "Kabupaten Cilacap" in html  # 33.01: no verified OMS
    # Support of the other types per kabupaten/kota, from the plugins: 3 confirmed signatures in Kota Semarang.
    from network.consolidation import province_figures

    kota = {row.place.code: row for row in province_figures(world["a"])[0]}["33.74"]
    assert kota.support["petition"].amount == 3 and kota.support["petition"].display in html
    assert "<svg" in html and "dashboards/dashboards.css" in html


def test_a_moderator_never_sees_another_provinces_figures(client, world):
    html = login(client, world["moderator_a"]).get(PROVINCE_URL.format("33")).content.decode()
    for secret in ("OMS Makassar Rahasia", "Kampanye Makassar Rahasia", "Laporan Rahasia Makassar", "1.000.000",
                   "Kota Makassar"):
        assert secret not in html


def test_the_national_dashboard_shows_every_province(client, world):
    response = login(client, world["superuser"]).get(NATIONAL_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jawa Tengah" in html and "Sulawesi Selatan" in html
    assert "Rp 1.000.000" in html and "Rp 1.300.000" in html  # B's money; the total
    assert reverse("dashboards:province", args=["33"]) in html and reverse("dashboards:province", args=["73"]) in html
    assert "Program Air Bersih" in html and "Kampanye Kendal Baru" in html
    assert "<svg" in html


# -- who sees what: the permission matrix ------------------------------------------------------------


@pytest.mark.parametrize("who, province_a, province_b, national", [
    ("moderator_a", 200, 404, 403),
    ("moderator_b", 404, 200, 403),
    ("editor", 404, 404, 403),
    ("superuser", 200, 200, 200),
    ("finance", 200, 200, 200),
])
def test_permission_matrix(client, world, who, province_a, province_b, national):
    person = world["semarang"].editor if who == "editor" else world[who]
    login(client, person)
    assert client.get(PROVINCE_URL.format("33")).status_code == province_a
    assert client.get(PROVINCE_URL.format("73")).status_code == province_b
    assert client.get(NATIONAL_URL).status_code == national
    # An unknown province is the same 404 as a province one may not see.
    assert client.get(PROVINCE_URL.format("99")).status_code == 404


def test_the_public_is_sent_to_the_login(client, world):
    for url in (PROVINCE_URL.format("33"), NATIONAL_URL):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))


def test_an_inactive_moderator_sees_nothing(client, world):
    moderator = world["moderator_a"]
    client.force_login(moderator)
    get_user_model().objects.filter(pk=moderator.pk).update(is_active=False)
    assert client.get(PROVINCE_URL.format("33")).status_code in (302, 404)


# -- a fixed number of queries --------------------------------------------------------------------------


def _queries(client, url):
    cache.clear()
    assert client.get(url).status_code == 200  # warm the per-process look-ups
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def grow(world, make_verified_oms, make_organisation, make_campaign, n=12, tag="x"):
    """Many more OMS, campaigns, ledger lines, records, reports and launches in both provinces."""
    a = world["a"]
    regencies = list(Regency.objects.filter(province__code__in=("33", "73")).order_by("code")[:n])
    for i, regency in enumerate(regencies):
        oms = make_verified_oms(f"oms-tambahan-{tag}{i}", regency.code, title=f"OMS Tambahan {i}")
        other = make_organisation(slug=f"oms-baru-{tag}{i}", title=f"OMS Baru {i}", regency_code=regency.code)
        set_status(other, ["pending", "changes_requested", "rejected", "unconfirmed"][i % 4])
        campaign = make_campaign(asks=[DONATION, PETITION], parent=oms, slug=f"kampanye-tambahan-{tag}{i}",
                                 title=f"Kampanye Tambahan {i}", regency=regency)
        for month in range(i % 5 + 1):
            book(campaign, 50_000 * (month + 1), months_ago(month))
        sign(campaign, 4, start=100 * i + (5000 if tag == "y" else 0))
        report(campaign, regency.province, f"Laporan {i}")
        if i % 3 == 0:
            draft = make_campaign(asks=[DONATION], parent=oms, slug=f"draf-{tag}{i}", title=f"Draf {i}", live=False,
                                  regency=regency)
            draft = CampaignPage.objects.get(pk=draft.pk)
            draft.get_workflow().start(draft, oms.editor)
    assert OrganisationPage.objects.filter(regency__province=a).count() > 10


def test_the_dashboards_cost_the_same_queries_in_a_small_and_a_larger_world(
        client, world, make_verified_oms, make_organisation, make_campaign):
    login(client, world["superuser"])
    small = {url: _queries(client, url) for url in (PROVINCE_URL.format("33"), NATIONAL_URL, "/admin/")}
    grow(world, make_verified_oms, make_organisation, make_campaign)
    large = {url: _queries(client, url) for url in small}
    assert small == large
    login(client, world["moderator_a"])
    small_moderator = _queries(client, PROVINCE_URL.format("33"))
    grow(world, make_verified_oms, make_organisation, make_campaign, n=20, tag="y")
    assert _queries(client, PROVINCE_URL.format("33")) == small_moderator


# -- the admin home's panels ------------------------------------------------------------------------------


@pytest.mark.parametrize("who, province_panel, national_panel", [
    ("moderator_a", True, False),
    ("editor", False, False),
    ("superuser", False, True),
    ("finance", False, True),
])
def test_home_panels_for_the_right_users(client, world, who, province_panel, national_panel):
    person = world["semarang"].editor if who == "editor" else world[who]
    html = login(client, person).get("/admin/").content.decode()
    assert ('id="dasbor-provinsi' in html) is province_panel
    assert ('id="dasbor-nasional' in html) is national_panel
    assert (reverse("dashboards:province", args=["33"]) in html) is province_panel
    assert (reverse("dashboards:national") in html) is national_panel


def test_the_moderators_panel_counts_their_to_dos(client, world):
    from dashboards.province import province_todos

    todos = province_todos([world["a"]])
    assert [(t["pending"], t["launches"], t["reports"]) for t in todos] == [(1, 1, 1)]
    todos = province_todos([world["b"]])
    assert [(t["pending"], t["launches"], t["reports"]) for t in todos] == [(0, 0, 1)]


def test_the_national_panel_counts_every_province(world):
    from dashboards.national import national_todos

    todo = national_todos()
    assert (todo["pending"], todo["launches"], todo["reports"]) == (1, 1, 2)
