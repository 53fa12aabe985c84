"""The donor's page of a monthly donation (signed link, no account) and the OMS's "monthly donors"
admin list: who may do and see what."""
import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from gateways.testing import ASK
from plugins.donation.models import Donation, Payment
from plugins.donation.recurring.models import RecurringDonation

LIST = "/admin/donasi/rutin/"


def make_plan(campaign, email="siti@contoh.id", amount="50000", status=RecurringDonation.Status.ACTIVE,
              with_charge=True):
    today = timezone.localdate()
    plan = RecurringDonation.objects.create(
        campaign=campaign, ask_id=campaign.get_asks()[0].id, name="Siti Rahmawati", email=email, language="id",
        amount=Decimal(amount), method="dummy", charge_day=min(today.day, 28), status=status,
        next_charge_on=today + datetime.timedelta(days=20))
    if with_charge:
        payment = Payment.objects.create(variant="dummy", currency="IDR", total=plan.amount, billing_email=email)
        Donation.objects.create(campaign=campaign, ask_id=plan.ask_id, amount=plan.amount, payment=payment,
                                name=plan.name, email=email, recurring=plan, period=today.replace(day=1))
    return plan


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Desa")


def test_the_donor_sees_the_plan_by_its_link(client, campaign):
    plan = make_plan(campaign)
    page = client.get(plan.get_manage_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lampu Jalan Desa" in text and "Rp 50.000" in text and f"tanggal {plan.charge_day} setiap bulan" in text
    assert 'name="csrfmiddlewaretoken"' in text and "noindex" in text


@pytest.mark.parametrize("token", ["MQ:1xa1Be:forged-signature-aaaaaaaaaaaaaaaaaaaaaaaaaaa", "not-a-token", "MQ"])
def test_a_forged_or_damaged_link_is_a_404(client, campaign, token):
    make_plan(campaign)
    assert client.get(f"/id/dukung/donation/rutin/{token}/").status_code == 404
    assert client.post(f"/id/dukung/donation/rutin/{token}/", {"action": "stop", "confirm": "yes"}).status_code == 404
    assert RecurringDonation.objects.get().status == RecurringDonation.Status.ACTIVE


def test_a_link_of_another_salt_does_not_open_a_plan(client, campaign):
    from django.core import signing

    plan = make_plan(campaign)
    token = signing.dumps(plan.pk, salt="lokadaya.donation.receipt", compress=True)
    assert client.get(f"/id/dukung/donation/rutin/{token}/").status_code == 404


def test_pause_resume_change_and_stop(client, campaign, mailoutbox, django_capture_on_commit_callbacks):
    plan = make_plan(campaign)
    url = plan.get_manage_url()
    response = client.post(url, {"action": "pause"}, follow=True)
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.PAUSED
    assert "dijeda" in response.content.decode()

    response = client.post(url, {"action": "resume"}, follow=True)
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.ACTIVE and plan.next_charge_on >= timezone.localdate()
    assert "berjalan lagi" in response.content.decode()

    response = client.post(url, {"action": "amount", "amount": "5.000"})
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode() and "Rp 10.000" in response.content.decode()
    assert 'value="5.000"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.amount == Decimal("50000")
    client.post(url, {"action": "amount", "amount": "75.000"})
    plan.refresh_from_db()
    assert plan.amount == Decimal("75000")

    response = client.post(url, {"action": "stop"})
    assert response.status_code == 200 and "Hentikan donasi rutin Anda?" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.ACTIVE  # not before the donor confirms
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "stop", "confirm": "yes"})
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.STOPPED and plan.next_charge_on is None and plan.stopped_at
    assert "Anda menghentikan donasi rutin" in mailoutbox[-1].subject
    # Stopped is final: no resume, no new amount.
    response = client.post(url, {"action": "resume"}, follow=True)
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.STOPPED
    assert "tidak bisa dilanjutkan" in response.content.decode()


def test_changes_need_the_csrf_token(campaign):
    plan = make_plan(campaign)
    client = Client(enforce_csrf_checks=True)
    assert client.post(plan.get_manage_url(), {"action": "stop", "confirm": "yes"}).status_code == 403
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.ACTIVE


def test_the_page_lists_the_charges_with_their_receipts(client, campaign):
    plan = make_plan(campaign)
    charge = plan.charges.get()
    Donation.objects.filter(pk=charge.pk).update(status=Donation.Status.CONFIRMED, received_amount=plan.amount)
    charge.refresh_from_db()
    text = client.get(plan.get_manage_url()).content.decode()
    # The signed token carries the second it was made in; compare up to it.
    assert charge.get_receipt_url().rsplit(":", 2)[0] + ":" in text and charge.receipt_number in text


# --- The OMS's admin list ----------------------------------------------------------------------


@pytest.fixture
def two_oms(make_organisation, make_campaign, make_editor):
    other = make_organisation(slug="oms-lain", title="OMS Lain", regency_code="53.01")
    ours = make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Desa")
    theirs = make_campaign(asks=[("donation", ASK)], title="Sumur Bor Sumba", parent=other)
    ours_plans = [make_plan(ours, email="a@contoh.id", amount="50000"),
                  make_plan(ours, email="b@contoh.id", amount="25000"),
                  make_plan(ours, email="c@contoh.id", amount="90000", status=RecurringDonation.Status.PAUSED)]
    theirs_plan = make_plan(theirs, email="rahasia@contoh.id", amount="1000000")
    our_editor = make_editor(ours.get_parent().specific)
    their_editor = make_editor(other)
    return ours, theirs, ours_plans, theirs_plan, our_editor, their_editor


def test_an_oms_sees_its_monthly_donors_and_expected_income(client, two_oms):
    ours, theirs, _plans, _theirs_plan, our_editor, _their_editor = two_oms
    client.force_login(our_editor)
    response = client.get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "a@contoh.id" in text and "c@contoh.id" in text
    assert "rahasia@contoh.id" not in text and "Sumur Bor Sumba" not in text
    assert "Rp 75.000" in text  # 50.000 + 25.000 active; the paused plan does not count
    paused = client.get(LIST, {"status": "paused"}).content.decode()
    assert ">c@contoh.id<" in paused and ">a@contoh.id<" not in paused
    assert client.get(LIST, {"campaign": theirs.pk}).status_code == 404
    assert client.get(LIST, {"campaign": "x"}).status_code == 404
    export = client.get(LIST, {"export": "csv"})
    body = b"".join(export.streaming_content).decode()
    assert "a@contoh.id" in body and "rahasia@contoh.id" not in body
    assert body.count("\n") == 4  # the header and three plans


def test_the_other_oms_cannot_see_ours(client, two_oms):
    ours, _theirs, _plans, _theirs_plan, _our_editor, their_editor = two_oms
    client.force_login(their_editor)
    text = client.get(LIST).content.decode()
    assert "rahasia@contoh.id" in text and ">a@contoh.id<" not in text and "Lampu Jalan Desa" not in text
    assert client.get(LIST, {"campaign": ours.pk}).status_code == 404


def test_national_staff_see_every_plan_and_others_are_refused(client, two_oms):
    User = get_user_model()
    client.force_login(User.objects.create_superuser("nasional", "n@lokadaya.id", "Kop1-Tubruk-Manis"))
    text = client.get(LIST).content.decode()
    assert "a@contoh.id" in text and "rahasia@contoh.id" in text
    from django.contrib.auth.models import Permission

    nobody = User.objects.create_user("tanpa-oms", password="rahasia-123")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    assert client.get(LIST).status_code == 403
    client.logout()
    assert client.get(LIST).status_code == 302  # to the admin's sign-in
