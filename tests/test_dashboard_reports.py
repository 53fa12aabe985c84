"""The downloadable reports (issue 14): an OMS's quarter, a province's month, the donor-facing quarter.

One OMS in Semarang (Jawa Tengah, province 33) with, in Q1 2025: an income of Rp 1.000.000 and a
refund of Rp 200.000 (ledger lines), a disbursement, a story and a confirmed donation by a donor
with a distinctive name; outside it (Q2 2025): another income, disbursement, story and donation.
Another OMS in Makassar (province 73) has its own editor and moderator, who are refused.
"""
import csv
import datetime
import io
import re
import zlib
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dashboards import report_pdf, reports
from finance.ledger import split
from finance.models import Disbursement, LedgerEntry
from network.models import ProvincialNetwork
from partners.verification import mark_verified
from plugins.donation.models import Donation, Payment
from regions.models import Province

pytestmark = pytest.mark.django_db
User = get_user_model()
DONOR = "Bartholomeus Zwinglius Kartasasmita"
DONOR_EMAIL = "bartholomeus.zwinglius@contoh.id"
ASK = ("donation", {"title": "Donasi", "target": Decimal("5000000"), "minimum": Decimal("10000"),
                    "suggested_amounts": [50000]})


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


def ledger(campaign, organisation, amount, when, reference, source_id=1):
    province = Province.objects.get(code=organisation.regency.province.code)
    for kind, part in split(Decimal(amount), Decimal("5")).items():
        LedgerEntry.objects.create(campaign=campaign, organisation=organisation, province=province, kind=kind,
                                   amount=part, fee_percentage=Decimal("5"), source_type="donation.donation",
                                   source_id=source_id, reference=reference, occurred_at=when)


def donation(campaign, name, email, when, amount="250000"):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount), status="confirmed",
                                     billing_email=email)
    record = Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount),
                                     payment=payment, name=name, email=email, status=Donation.Status.CONFIRMED,
                                     received_amount=Decimal(amount), message=f"Salam dari {name}")
    Donation.objects.filter(pk=record.pk).update(created_at=when)
    return record


def story(organisation, slug, title, when):
    from stories.models import StoryPage

    page = StoryPage(title=title, slug=slug, summary="Apa yang berubah.")
    organisation.add_child(instance=page)
    page.save_revision().publish()
    StoryPage.objects.filter(pk=page.pk).update(first_published_at=when)
    return page


def disbursement(campaign, organisation, amount, day, note=""):
    return Disbursement.objects.create(campaign=campaign, organisation=organisation, amount=Decimal(amount),
                                       paid_on=day, proof="finance/disbursements/bukti.pdf", note=note)


@pytest.fixture
def world(make_organisation, make_campaign):
    from campaigns.models import CampaignPage
    from partners.models import OrganisationPage

    oms = make_organisation(slug="oms-semarang", title="OMS Semarang Contoh", regency_code="33.74")
    oms, access = mark_verified(oms, when=at(2025, 2, 3, 10))
    other = make_organisation(slug="oms-makassar", title="OMS Makassar Lain", regency_code="73.71")
    other, other_access = mark_verified(other)
    campaign = make_campaign(asks=[ASK], parent=oms, title="Air Bersih Semarang", slug="air-bersih")
    CampaignPage.objects.filter(pk=campaign.pk).update(first_published_at=at(2025, 2, 1, 9))
    other_campaign = make_campaign(asks=[ASK], parent=other, title="Kampanye Makassar", slug="makassar")

    ledger(campaign, oms, "1000000", at(2025, 2, 15, 12), "income", source_id=1)
    ledger(campaign, oms, "-200000", at(2025, 3, 10, 12), "refund:1", source_id=1)
    ledger(campaign, oms, "5000000", at(2025, 4, 2, 8), "income", source_id=2)  # Q2
    ledger(other_campaign, other, "9000000", at(2025, 2, 20, 8), "income", source_id=3)  # another OMS
    disbursement(campaign, oms, "300000", datetime.date(2025, 3, 20), note="Transfer tahap satu")
    disbursement(campaign, oms, "700000", datetime.date(2025, 5, 1))
    story(oms, "cerita-dalam", "Cerita Dalam Triwulan", at(2025, 3, 1, 10))
    story(oms, "cerita-luar", "Cerita Luar Triwulan", at(2025, 5, 1, 10))
    donation(campaign, DONOR, DONOR_EMAIL, at(2025, 2, 15, 11))
    donation(campaign, "Donatur Triwulan Dua", "dua@contoh.id", at(2025, 4, 2, 7))

    editor = User.objects.create_user("editor-semarang", password="x")
    editor.groups.add(access.group)
    other_editor = User.objects.create_user("editor-makassar", password="x")
    other_editor.groups.add(other_access.group)
    moderator = User.objects.create_user("moderator-jateng", password="x")
    ProvincialNetwork.objects.get(province__code="33").moderators.add(moderator)
    other_moderator = User.objects.create_user("moderator-sulsel", password="x")
    ProvincialNetwork.objects.get(province__code="73").moderators.add(other_moderator)
    admin = User.objects.create_superuser("nasional", "nasional@contoh.id", "x")
    return {"oms": OrganisationPage.objects.get(pk=oms.pk), "other": other, "campaign": campaign,
            "editor": editor, "other_editor": other_editor, "moderator": moderator,
            "other_moderator": other_moderator, "admin": admin}


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def oms_url(pk, year=2025, quarter=1, fmt="csv"):
    return f"/admin/dasbor/laporan/oms/{pk}/{year}-q{quarter}/{fmt}/"


def province_url(code="33", year=2025, month=2, fmt="csv"):
    return f"/admin/dasbor/laporan/provinsi/{code}/{year}-{month}/{fmt}/"


def public_url(pk, year=2025, quarter=1, fmt=None, language="id"):
    return f"/{language}/laporan-mitra/{pk}/{year}-q{quarter}/" + (f"{fmt}/" if fmt else "")


def rows_of(response):
    assert response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def pdf_text(content):
    """The text of a PDF drawn with the core fonts: its decompressed content streams."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            out.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            out.append(stream.decode("latin-1"))
    return "\n".join(out)


def quarter_sum(oms, kind):
    return LedgerEntry.objects.filter(organisation=oms, kind=kind, occurred_at__gte=at(2025, 1, 1),
                                      occurred_at__lt=at(2025, 4, 1)).aggregate(s=Sum("amount"))["s"]


# -- figures ---------------------------------------------------------------------------------


def test_the_quarter_of_an_oms(world):
    with translation.override("id"):
        report = reports.organisation_report(world["oms"], reports.quarter_period(2025, 1), language="id")
    assert report.money.gross == Decimal("800000")  # 1.000.000 less the refund; Q2 and the other OMS left out
    assert report.money.fee == Decimal("40000") and report.money.net == Decimal("760000")
    assert report.money.provincial == Decimal("30000")
    assert [c.title for c in report.campaigns] == ["Air Bersih Semarang"]
    assert {s.key: s.records for s in report.support}["donation"] == 1
    assert {s.key for s in report.support} >= {"donation", "inkind", "volunteering", "partnership", "petition"}
    assert [(d.paid_on, d.amount) for d in report.disbursements] == [(datetime.date(2025, 3, 20), Decimal("300000"))]
    assert report.disbursed == Decimal("300000")
    assert [s.title for s in report.stories] == ["Cerita Dalam Triwulan"]
    assert report.stories[0].url.endswith("/id/mitra/oms-semarang/cerita-dalam/")
    assert not report.period.in_progress


def test_the_month_of_a_province(world):
    report = reports.province_report(Province.objects.get(code="33"), reports.month_period(2025, 2))
    assert report.total.gross == Decimal("1000000")  # the March refund belongs to March
    assert report.total.provincial == Decimal("37500")  # 75% of the 5% fee
    assert report.total.verified == 1 and report.total.campaigns == 1
    semarang = next(row for row in report.regencies if row.code == "33.74")
    assert (semarang.figures.gross, semarang.figures.verified, semarang.figures.campaigns) == (
        Decimal("1000000"), 1, 1)
    assert [row.name for row in report.organisations] == ["OMS Semarang Contoh"]
    march = reports.province_report(Province.objects.get(code="33"), reports.month_period(2025, 3))
    assert march.total.gross == Decimal("-200000") and march.total.stories == 1


@pytest.mark.parametrize("call", [
    lambda: reports.quarter_period(2025, 5), lambda: reports.quarter_period(2025, 0),
    lambda: reports.month_period(2025, 13), lambda: reports.month_period(1999, 1),
    lambda: reports.quarter_period(timezone.localdate().year + 1, 1),
    lambda: reports.month_period(timezone.localdate().year, 12, today=datetime.date(timezone.localdate().year, 11, 30)),
])
def test_periods_that_cannot_be_reported(call):
    with pytest.raises(reports.BadPeriod):
        call()


def test_the_current_quarter_is_marked_in_progress():
    today = datetime.date(2026, 5, 20)
    assert reports.quarter_period(2026, 2, today=today).in_progress
    assert not reports.quarter_period(2026, 1, today=today).in_progress
    assert [p.slug for p in reports.quarters_since(datetime.date(2025, 12, 1), today=today)] == [
        "2026-q2", "2026-q1", "2025-q4"]


# -- the files -------------------------------------------------------------------------------


def test_the_csv_totals_equal_the_ledger(world):
    oms = world["oms"]
    response = client_for(world["editor"]).get(oms_url(oms.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="laporan-oms-semarang-2025-q1.csv"'
    rows = rows_of(response)
    with translation.override("id"):
        total, campaign, paid = translation.gettext("Total"), translation.gettext("Campaign"), translation.gettext(
            "Paid on")
    money_header = [r[:1] for r in rows].index([campaign])
    money_total = next(row for row in rows[money_header:] if row[0] == total)
    assert [Decimal(v) for v in money_total[1:4]] == [quarter_sum(oms, "gross"), quarter_sum(oms, "fee"),
                                                      quarter_sum(oms, "net")]
    disbursed = next(row for row in rows[[r[:1] for r in rows].index([paid]):] if row[0] == total)
    assert Decimal(disbursed[2]) == Decimal("300000")
    body = response.content.decode("utf-8-sig")
    assert "Cerita Dalam Triwulan" in body and "Cerita Luar Triwulan" not in body
    assert "700000" not in body and "5000000" not in body and "9000000" not in body


def test_the_pdf_holds_the_name_and_the_total(world, settings):
    oms = world["oms"]
    response = client_for(world["editor"]).get(oms_url(oms.pk, fmt="pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"DejaVu" in response.content  # the Unicode font, embedded
    with translation.override("id"):
        report = reports.organisation_report(oms, reports.quarter_period(2025, 1), language="id")
        text = "\n".join(report_pdf.document_text(report_pdf.organisation_blocks(report)))
    assert "OMS Semarang Contoh" in text and "Rp 800.000" in text
    # Without the font directory: the core font, Latin-1 text, the same figures.
    settings.LOKADAYA_PDF_FONT_DIR = "/nonexistent/fonts"
    fallback = client_for(world["editor"]).get(oms_url(oms.pk, fmt="pdf"))
    assert fallback.status_code == 200 and fallback.content.startswith(b"%PDF")
    drawn = pdf_text(fallback.content)
    assert "OMS Semarang Contoh" in drawn and "Rp 800.000" in drawn and b"DejaVu" not in fallback.content


def test_the_pdf_follows_the_admin_users_language(world):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(world["editor"])
    profile.preferred_language = "en"
    profile.save()
    with translation.override("en"):
        expected = translation.gettext("Money raised in the period")
    csv_rows = rows_of(client_for(world["editor"]).get(oms_url(world["oms"].pk)))
    assert [expected] in csv_rows


def test_latin1_fallback_never_fails():
    assert report_pdf.latin1("Rp 1.000 – “Ŝaŭdo” ☃ Łódź") == 'Rp 1.000 - "Saudo" ? Lódz'


def test_the_province_files(world):
    response = client_for(world["moderator"]).get(province_url())
    assert response.status_code == 200
    rows = rows_of(response)
    semarang = next(row for row in rows if row and row[0] == "Kota Semarang")
    assert semarang[1:] == ["1000000", "37500", "1", "1", "0"]
    pdf = client_for(world["moderator"]).get(province_url(fmt="pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


# -- who may download ------------------------------------------------------------------------


@pytest.mark.parametrize("role, allowed", [
    ("editor", True), ("moderator", True), ("admin", True),
    ("other_editor", False), ("other_moderator", False), (None, False),
])
def test_who_gets_the_oms_report(world, role, allowed):
    client = client_for(world[role] if role else None)
    for url in (oms_url(world["oms"].pk), oms_url(world["oms"].pk, fmt="pdf"),
                f"/admin/dasbor/laporan/oms/{world['oms'].pk}/"):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        elif role is None:
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        else:
            assert response.status_code == 404, (role, url)


@pytest.mark.parametrize("role, allowed", [
    ("moderator", True), ("admin", True),
    ("editor", False), ("other_editor", False), ("other_moderator", False), (None, False),
])
def test_who_gets_the_province_report(world, role, allowed):
    client = client_for(world[role] if role else None)
    for url in (province_url(), province_url(fmt="pdf"), "/admin/dasbor/laporan/provinsi/33/"):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        elif role is None:
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        else:
            assert response.status_code == 404, (role, url)


def test_the_index_pages_link_the_periods(world):
    body = client_for(world["editor"]).get(f"/admin/dasbor/laporan/oms/{world['oms'].pk}/").content.decode()
    assert oms_url(world["oms"].pk) in body and oms_url(world["oms"].pk, fmt="pdf") in body
    body = client_for(world["moderator"]).get("/admin/dasbor/laporan/provinsi/33/").content.decode()
    assert province_url(month=2) in body


@pytest.mark.parametrize("url", [
    lambda w: oms_url(w["oms"].pk, quarter=5), lambda w: oms_url(w["oms"].pk, quarter=0),
    lambda w: oms_url(w["oms"].pk, year=timezone.localdate().year + 1),
    lambda w: oms_url(w["oms"].pk, fmt="xls"), lambda w: oms_url(99999999),
    lambda w: province_url(month=13), lambda w: province_url(month=0), lambda w: province_url(fmt="html"),
    lambda w: province_url(year=timezone.localdate().year + 1), lambda w: province_url(code="99"),
    lambda w: public_url(w["oms"].pk, quarter=5), lambda w: public_url(w["oms"].pk, fmt="docx"),
    lambda w: public_url(w["oms"].pk, year=timezone.localdate().year + 1, fmt="pdf"),
    lambda w: public_url(99999999), lambda w: f"/id/laporan-mitra/{w['campaign'].pk}/",
])
def test_bad_input_is_a_404(world, url):
    assert client_for(world["admin"]).get(url(world)).status_code == 404


# -- the donor-facing report -----------------------------------------------------------------


def test_the_public_report_has_no_personal_data(world):
    oms, client = world["oms"], Client()
    html = client.get(public_url(oms.pk))
    assert html.status_code == 200
    pdf = client.get(public_url(oms.pk, fmt="pdf"))
    csv_response = client.get(public_url(oms.pk, fmt="csv"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    texts = [html.content.decode(), csv_response.content.decode("utf-8-sig")]
    with translation.override("id"):
        report = reports.organisation_report(oms, reports.quarter_period(2025, 1), language="id")
        texts.append("\n".join(report_pdf.document_text(report_pdf.organisation_blocks(report, public=True))))
    for text in texts:
        assert "Rp 800.000" in text or "800000" in text
        assert "Cerita Dalam Triwulan" in text
        for secret in (DONOR, "Zwinglius", DONOR_EMAIL, "Transfer tahap satu"):
            assert secret not in text
    for content in (pdf.content, pdf_text(pdf.content).encode("latin-1", "replace")):
        assert b"Zwinglius" not in content
    index = client.get(f"/id/laporan-mitra/{oms.pk}/").content.decode()
    assert public_url(oms.pk) in index and public_url(oms.pk, fmt="pdf") in index


def test_the_public_report_in_english(world):
    response = Client().get(public_url(world["oms"].pk, fmt="csv", language="en"))
    assert response.status_code == 200
    assert ["Quarterly report for supporters: OMS Semarang Contoh"] in rows_of(response)


def test_the_current_quarter_is_public_and_marked(world):
    today = timezone.localdate()
    response = Client().get(public_url(world["oms"].pk, year=today.year, quarter=reports.quarter_of(today)))
    assert response.status_code == 200
    with translation.override("id"):
        assert translation.gettext("This period is still in progress: its figures will change.") in (
            response.content.decode())


def test_no_public_report_for_an_unverified_oms(world, make_organisation):
    from partners.models import OrganisationPage

    pending = make_organisation(slug="oms-belum", title="OMS Belum")
    OrganisationPage.objects.filter(pk=pending.pk).update(
        is_verified=False, verification_status=OrganisationPage.Verification.PENDING)
    assert not OrganisationPage.objects.get(pk=pending.pk).is_verified
    client = Client()
    for url in (f"/id/laporan-mitra/{pending.pk}/", public_url(pending.pk), public_url(pending.pk, fmt="pdf")):
        assert client.get(url).status_code == 404
    assert f"/id/laporan-mitra/{pending.pk}/" not in client.get(pending.url).content.decode()
    assert f"/id/laporan-mitra/{world['oms'].pk}/" in client.get(world["oms"].url).content.decode()


# -- queries ---------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_fixed_number_of_queries(world, make_campaign):
    oms = world["oms"]
    client = client_for(world["moderator"])
    urls = [oms_url(oms.pk), oms_url(oms.pk, fmt="pdf"), province_url(), public_url(oms.pk),
            public_url(oms.pk, fmt="csv", language="en")]
    for url in urls:
        client.get(url)  # warm the per-process look-ups
    few = [count_queries(client, url) for url in urls]
    for n in range(6):
        campaign = make_campaign(asks=[ASK], parent=oms, title=f"Kampanye Tambahan {n}", slug=f"tambahan-{n}")
        ledger(campaign, oms, "150000", at(2025, 1, 10 + n, 9), "income", source_id=100 + n)
        disbursement(campaign, oms, "50000", datetime.date(2025, 2, 1 + n))
        story(oms, f"cerita-tambahan-{n}", f"Cerita Tambahan {n}", at(2025, 2, 1 + n, 9))
        donation(campaign, f"Donatur {n}", f"d{n}@contoh.id", at(2025, 2, 1 + n, 9))
    for url in urls:
        client.get(url)  # the pages just published changed the look-ups' generation
    many = [count_queries(client, url) for url in urls]
    assert many == few
