"""Izin PUB (issue 17): when the policy requires a permit, money stops without a verified, valid,
covering one; other asks go on; the campaign page shows the permit; the transparency pages state
the PP 29/1980 cap; the expiry reminder goes once.

Every request goes through Django's stack on PostgreSQL.
"""
import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from payments import PaymentStatus

from banktransfer.models import BankTransfer
from banktransfer.services import TransferError, open_transfer
from banktransfer.testing import private_proof_root, set_bank_account  # noqa: F401 - fixtures
from finance.ledger import record_disbursement, summary
from finance.models import Disbursement, FeeSetting
from partners.testing import PASSWORD, make_moderator, make_verified_oms  # noqa: F401 - fixtures
from pagecache.purge import purge_page
from permits import rules
from permits.models import FundraisingPermit, PermitPolicy
from plugins.donation.models import Donation, Payment
from plugins.petition.models import Signature
from regions.models import Province, Regency

pytestmark = pytest.mark.django_db

DONATION = ("donation", {"title": "Donasi lampu", "target": Decimal("2000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000]})
PETITION = ("petition", {"title": "Paralegal desa", "description": "", "decision_maker": "Bupati",
                         "demand": "Terbitkan perbup paralegal.", "goal": 10})
MISSING_ID = "izin PUB"  # in the Indonesian and the English message


@pytest.fixture(autouse=True)
def permit_root(settings, tmp_path):
    settings.PERMIT_FILES_ROOT = str(tmp_path / "permits")


@pytest.fixture
def world(make_verified_oms, make_campaign):
    class World:
        pass

    w = World()
    w.oms = make_verified_oms("oms-a", "33.74")  # Kota Semarang, Jawa Tengah (33)
    w.campaign = make_campaign(asks=[DONATION, PETITION], parent=w.oms, slug="kampanye-a", title="Lampu Semarang")
    return w


def policy(national=False, regional=False):
    row = PermitPolicy.current()
    row.require_national, row.require_regional = national, regional
    row.save()
    return row


def permit(campaign, status="verified", scope="national", province=None, regency=None, days=(-10, 100), **extra):
    today = timezone.localdate()
    item = FundraisingPermit(campaign=campaign, number=extra.pop("number", "123/PUB/2026"),
                             issuer="Kementerian Sosial RI", scope=scope, province=province, regency=regency,
                             valid_from=today + datetime.timedelta(days=days[0]),
                             valid_until=today + datetime.timedelta(days=days[1]), status=status, **extra)
    item.document.save("izin.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    item.save()
    return item


def fresh(campaign):
    from campaigns.models import CampaignPage

    return CampaignPage.objects.get(pk=campaign.pk)


def donation_data(**overrides):
    return {"amount": "150.000", "name": "Siti Rahmawati", "email": "siti@contoh.id", "method": "dummy", **overrides}


def petition_data():
    return {"name": "Yohanes Lake", "email": "yohanes@contoh.id", "regency": "53.12", "show_name": "on"}


def ask(campaign, key):
    return next(a for a in campaign.get_asks() if a.type_key == key)


def test_required_and_missing_refuses_money_at_every_door_but_not_the_petition(client, world, settings):
    campaign = world.campaign
    set_bank_account(world.oms)
    # Two pledges made while the policy was off: one by card, one by bank transfer.
    response = client.post(campaign.pledge_url(ask(campaign, "donation")), donation_data())
    pay_url = response["Location"]
    transfer = client.post(campaign.pledge_url(ask(campaign, "donation")), donation_data(method="transfer"))
    transfer_payment = Payment.objects.get(token=transfer["Location"].rstrip("/").rsplit("/", 1)[-1])
    policy(regional=True)

    refused = client.post(campaign.pledge_url(ask(campaign, "donation")), donation_data())
    assert refused.status_code == 409
    assert MISSING_ID in refused.content.decode()
    assert Donation.objects.count() == 2
    # The payment step of a pending donation refuses too.
    assert client.get(pay_url).status_code == 409
    # Opening the bank transfer refuses (through its payment step, and its service).
    assert client.get(transfer["Location"]).status_code == 409
    with pytest.raises(TransferError):
        open_transfer(transfer_payment, 48)
    assert not BankTransfer.objects.exists()
    # The petition of the same campaign still takes signatures.
    signed = client.post(campaign.pledge_url(ask(campaign, "petition")), petition_data())
    assert signed.status_code in (200, 302), signed.content.decode()[:1500]
    assert Signature.objects.filter(campaign=campaign).count() == 1
    # The page says why the money ask is closed, and keeps the petition's button.
    page = client.get(campaign.url).content.decode()
    assert MISSING_ID in page
    assert campaign.pledge_url(ask(campaign, "petition")) in page
    assert campaign.pledge_url(ask(campaign, "donation")) not in page


def test_a_verified_covering_permit_opens_the_money(client, world):
    policy(national=True, regional=True)
    permit(world.campaign)
    response = client.post(world.campaign.pledge_url(ask(world.campaign, "donation")), donation_data())
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code in (200, 302)


@pytest.mark.parametrize("case", ["expired", "not_yet", "submitted", "rejected", "other_province",
                                  "other_regency"])
def test_permits_that_do_not_count(client, world, case):
    policy(regional=True)
    jateng, sulsel = Province.objects.get(code="33"), Province.objects.get(code="73")
    kinds = {
        "expired": dict(days=(-100, -1)),
        "not_yet": dict(days=(1, 100)),
        "submitted": dict(status="submitted"),
        "rejected": dict(status="rejected"),
        "other_province": dict(scope="province", province=sulsel),
        "other_regency": dict(scope="regency", province=jateng, regency=Regency.objects.get(code="33.72")),
    }
    permit(world.campaign, **kinds[case])
    assert rules.permit_blocks_money(fresh(world.campaign))
    response = client.post(world.campaign.pledge_url(ask(world.campaign, "donation")), donation_data())
    assert response.status_code == 409


@pytest.mark.parametrize("scope", ["national", "province", "regency"])
def test_each_scope_covers_its_area(world, scope):
    policy(regional=True)
    area = {"national": {}, "province": {"province": Province.objects.get(code="33")},
            "regency": {"province": Province.objects.get(code="33"), "regency": Regency.objects.get(code="33.74")}}
    permit(world.campaign, scope=scope, **area[scope])
    assert not rules.permit_blocks_money(fresh(world.campaign))


def test_expiry_is_judged_in_jakarta_time(world, settings):
    policy(regional=True)
    item = permit(world.campaign, days=(-10, 0))  # valid until today (Asia/Jakarta)
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert not rules.permit_blocks_money(fresh(world.campaign))
    item.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    item.save()
    assert rules.permit_blocks_money(fresh(world.campaign))


def test_policy_per_scope_and_off(client, world, make_campaign, home_page):
    from programmes.models import ProgrammeIndexPage, ProgrammePage

    campaign = fresh(world.campaign)
    assert not rules.permit_required(campaign)  # default off, and no row needed
    assert not PermitPolicy.objects.exists()
    policy(national=True)
    assert rules.collection_scope(campaign) == rules.REGIONAL
    assert not rules.permit_blocks_money(fresh(campaign))
    index = ProgrammeIndexPage(title="Program", slug="program")
    home_page.add_child(instance=index)
    programme = ProgrammePage(title="Energi Desa", slug="energi-desa")
    index.add_child(instance=programme)
    programme.campaigns.add(campaign)
    programme.save_revision().publish()
    assert rules.collection_scope(fresh(campaign)) == rules.NATIONAL
    assert rules.permit_blocks_money(fresh(campaign))
    policy(regional=True)
    assert not rules.permit_blocks_money(fresh(campaign))
    policy()
    assert client.post(campaign.pledge_url(ask(campaign, "donation")), donation_data()).status_code == 302


def test_disbursements_are_not_held_back_by_a_missing_permit(client, world, settings):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    campaign = world.campaign
    response = client.post(campaign.pledge_url(ask(campaign, "donation")), donation_data(amount="500.000"))
    client.post(response["Location"], {"status": PaymentStatus.CONFIRMED, "fraud_status": "accept",
                                       "gateway_response": "3ds-disabled", "verification_result": ""})
    assert summary(campaign=campaign)["balance"] > 0
    policy(regional=True)
    assert rules.permit_blocks_money(fresh(campaign))
    admin = get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    record_disbursement(campaign, Decimal("100000"), timezone.localdate(),
                        SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
                        user=admin)
    assert Disbursement.objects.count() == 1


def test_the_campaign_page_shows_the_verified_permit_and_its_document(client, world, settings):
    settings.LOKADAYA_PAGE_CACHE = False
    item = permit(world.campaign, number="045/PUB/2026")
    body = client.get(world.campaign.url).content.decode()
    assert "Izin PUB No. 045/PUB/2026" in body and "Kementerian Sosial RI" in body
    assert f"/id/izin-pub/{item.pk}/dokumen/" in body
    assert "UU 9/1961" in body
    document = client.get(f"/id/izin-pub/{item.pk}/dokumen/")
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    # A waiting permit is not shown.
    FundraisingPermit.objects.filter(pk=item.pk).update(status="submitted")
    purge_page(world.campaign)  # QuerySet.update sends no signal: its caller purges (pagecache/signals.py)
    assert "045/PUB/2026" not in client.get(world.campaign.url).content.decode()


def test_the_permit_checks_cost_at_most_two_queries_when_no_policy_applies(world):
    permit(world.campaign)
    campaign = fresh(world.campaign)
    campaign.organisation, campaign.source  # the page has both loaded already (load_relations)
    with CaptureQueriesContext(connection) as queries:
        assert not rules.permit_blocks_money(campaign)
        assert rules.covering_permit(campaign) is not None
    assert len(queries) <= 2, [q["sql"] for q in queries]
    # Required: the verdict's read is reused by the page's covering_permit.
    policy(national=True, regional=True)
    campaign = fresh(world.campaign)
    campaign.organisation, campaign.source
    with CaptureQueriesContext(connection) as queries:
        assert not rules.permit_blocks_money(campaign)
        assert rules.covering_permit(campaign) is not None
    assert len(queries) <= 2, [q["sql"] for q in queries]


def test_the_transparency_pages_state_the_fee_and_the_legal_cap(client, world):
    FeeSetting.objects.create(percentage=Decimal("5.00"))
    from django.urls import reverse

    for url in (reverse("finance:campaign", args=[world.campaign.pk]),
                reverse("finance:organisation", args=[world.oms.pk])):
        body = client.get(url).content.decode()
        assert 'id="fee-rule"' in body, url
        assert "5%" in body and "PP 29/1980" in body and "10%" in body


def test_the_expiry_reminder_goes_once(world, django_capture_on_commit_callbacks):
    from permits.tasks import remind_expiring_permits

    soon = permit(world.campaign, days=(-300, 20), number="777/PUB/2026")
    permit(world.campaign, days=(-300, 90), number="888/PUB/2026", status="submitted")  # not verified: no effect
    later = permit(world.campaign, days=(-10, 200), number="999/PUB/2026")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        remind_expiring_permits.call()
    # A longer verified permit follows it: nothing to remind yet.
    assert not mail.outbox
    later.delete()
    with django_capture_on_commit_callbacks(execute=True):
        remind_expiring_permits.call()
    assert len(mail.outbox) == 1
    assert "777/PUB/2026" in mail.outbox[0].subject
    assert world.oms.editor.email in mail.outbox[0].to
    soon.refresh_from_db()
    assert soon.expiry_reminded_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        remind_expiring_permits.call()
    assert len(mail.outbox) == 1
