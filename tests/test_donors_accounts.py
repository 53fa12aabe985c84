"""Donor accounts: sign in by emailed link, one's own history across OMS, yearly summary, updates."""
import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from donors import links, summary
from donors.forms import SignInForm
from donors.models import DonorAccount
from editorial.models import UpdateOptOut
from editorial.updates import update_recipients
from gateways.testing import ASK
from plugins.donation.models import Donation, Payment, RecurringDonation
from plugins.donation.recurring.models import MANAGE_SALT as RECURRING_MANAGE_SALT

pytestmark = pytest.mark.django_db

SITI = "siti@contoh.id"


def give(campaign, email=SITI, amount=100_000, status=Donation.Status.CONFIRMED, when=None, refunded=0, **fields):
    """A donation as it stands after its payment (the history reads records, not the gateway)."""
    confirmed = status in (Donation.Status.CONFIRMED, Donation.Status.REFUNDED)
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount),
                                     received_amount=Decimal(amount) if confirmed else 0,
                                     refunded_amount=Decimal(refunded),
                                     status="confirmed" if confirmed else "waiting", billing_email=email)
    donation = Donation.objects.create(
        campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount), payment=payment, name="Siti",
        email=email, status=status, received_amount=Decimal(amount) if confirmed else 0,
        refunded_amount=Decimal(refunded), **fields)
    if when is not None:
        Donation.objects.filter(pk=donation.pk).update(created_at=when)
        donation.refresh_from_db()
    return donation


@pytest.fixture
def two_oms(make_organisation, make_campaign):
    first = make_organisation(slug="oms-lampu", title="Yayasan Lampu")
    second = make_organisation(slug="oms-air", title="Komunitas Air Bersih", email="air@contoh.id")
    return (make_campaign(asks=[("donation", ASK)], parent=first, title="Lampu Jalan Kampung Nelayan"),
            make_campaign(asks=[("donation", ASK)], parent=second, title="Sumur untuk Desa Oebelo"))


def in_indonesian(text):
    """A message as an Indonesian page shows it (whether or not its translation is compiled yet)."""
    with translation.override("id"):
        return str(text() if callable(text) else text)


def link_from_outbox():
    assert mail.outbox, "no email sent"
    found = re.search(r"http://testserver(/\w+/akun/masuk/[^/\s]+/)", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(1)


def signed_in_client(email=SITI):
    """A browser signed in through a real link."""
    client = Client()
    token = links.make_token(email, DonorAccount.objects.filter(email=email).first())
    response = client.post(f"/id/akun/masuk/{token}/")
    assert response.status_code == 302 and response["Location"] == "/id/akun/"
    return client


# -- signing in ----------------------------------------------------------------------------------


def test_sign_in_answers_the_same_for_known_and_unknown_addresses(client, two_oms):
    give(two_oms[0])
    mail.outbox.clear()
    unknown = client.post("/id/akun/masuk/", {"email": "nobody@contoh.id"})
    assert not mail.outbox
    known = client.post("/id/akun/masuk/", {"email": " Siti@Contoh.ID "})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [SITI]
    assert unknown.status_code == known.status_code == 200
    strip = lambda r: r.content.decode().replace("nobody@contoh.id", "X").replace(SITI, "X")  # noqa: E731
    strip_csrf = lambda text: re.sub(r'value="[^"]{40,}"', "", text)  # noqa: E731
    assert strip_csrf(strip(unknown)) == strip_csrf(strip(known))
    assert "/akun/masuk/" in mail.outbox[0].body and "30" in mail.outbox[0].body
    assert not DonorAccount.objects.exists()  # the account is made when the link is used


def test_sign_in_form_errors_are_translated_and_keep_the_input(client, home_page):
    response = client.post("/id/akun/masuk/", {"email": "siti@"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="siti@"' in body and in_indonesian(SignInForm.base_fields["email"].error_messages["invalid"]) in body


def test_honeypot_sends_nothing(client, two_oms):
    give(two_oms[0])
    mail.outbox.clear()
    page = client.get("/id/akun/masuk/").content.decode()
    assert 'name="homepage_url"' in page
    response = client.post("/id/akun/masuk/", {"email": SITI, "homepage_url": "http://spam.example"})
    assert response.status_code == 303 and not mail.outbox


@pytest.fixture
def limits_on(settings):
    settings.THROTTLE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def test_sign_in_is_rate_limited_per_address_and_per_ip(limits_on, two_oms):
    give(two_oms[0])
    mail.outbox.clear()
    for n in range(5):
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        assert client.post("/id/akun/masuk/", {"email": SITI}).status_code == 200
    # A sixth request for the same address, from anywhere: paused, nothing sent.
    over = Client(REMOTE_ADDR="10.0.0.99").post("/id/akun/masuk/", {"email": SITI})
    assert over.status_code == 429 and "Retry-After" in over
    assert len(mail.outbox) == 5
    # One IP asking for many addresses.
    client = Client(REMOTE_ADDR="10.0.1.1")
    statuses = [client.post("/id/akun/masuk/", {"email": f"orang{n}@contoh.id"}).status_code for n in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_link_signs_in_once_and_get_does_not_spend_it(client, two_oms):
    give(two_oms[0])
    client.post("/id/akun/masuk/", {"email": SITI})
    path = link_from_outbox()
    assert path.startswith("/id/akun/masuk/")
    # A mail scanner opens the link twice: a button, nothing spent, nobody signed in.
    for _ in range(2):
        page = client.get(path)
        assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert not DonorAccount.objects.exists()
    assert client.get("/id/akun/").status_code == 302
    existing = client.session  # a session from before (e.g. a visitor who chose a language)
    existing["seen"] = True
    existing.save()
    client.cookies["sessionid"] = before = existing.session_key
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/id/akun/"
    assert client.cookies["sessionid"].value != before  # a new session key at sign-in
    account = DonorAccount.objects.get()
    assert account.email == SITI and account.last_login_at is not None and account.language == "id"
    assert client.get("/id/akun/").status_code == 200
    # The same link again: refused, in words.
    again = Client().post(path)
    assert again.status_code == 400 and 'name="email"' in again.content.decode()  # ask for a new link
    assert Client().get(path).status_code == 400
    # A second link made before the next sign-in works, and spends the first account's older links.
    second = links.make_token(SITI, account)
    assert Client().post(f"/id/akun/masuk/{second}/").status_code == 302
    assert Client().post(f"/id/akun/masuk/{second}/").status_code == 400


def test_link_works_in_the_other_language(two_oms):
    give(two_oms[0])
    token = links.make_token(SITI)
    client = Client()
    page = client.get(f"/en/akun/masuk/{token}/")
    assert page.status_code == 200 and "Sign in" in page.content.decode()
    assert client.post(f"/en/akun/masuk/{token}/")["Location"] == "/en/akun/"
    assert DonorAccount.objects.get().language == "en"


def test_expired_and_forged_links_are_refused(two_oms, monkeypatch):
    give(two_oms[0])
    token = links.make_token(SITI)
    later = timezone.now() + datetime.timedelta(minutes=31)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    expired = Client().post(f"/id/akun/masuk/{token}/")
    assert expired.status_code == 410 and 'name="email"' in expired.content.decode()
    monkeypatch.undo()
    # Another address in a token signed with another salt (e.g. an unsubscribe token), or edited.
    forged = signing.TimestampSigner(salt="lokadaya.editorial.unsubscribe").sign_object(
        {"e": "mallory@contoh.id", "l": ""}, compress=True)
    assert Client().post(f"/id/akun/masuk/{forged}/").status_code == 400
    assert Client().post(f"/id/akun/masuk/{token[:-2]}xx/").status_code == 400
    assert not DonorAccount.objects.exists()


def test_sign_out(two_oms):
    give(two_oms[0])
    client = signed_in_client()
    assert client.get("/id/akun/keluar/").status_code == 405  # sign out is a POST
    response = client.post("/id/akun/keluar/")
    assert response.status_code == 302 and response["Location"] == "/id/akun/masuk/?keluar=1"
    assert client.get("/id/akun/").status_code == 302


# -- the account ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, home_page):
    for path in ("/id/akun/", "/id/akun/ringkasan/2026/", "/id/akun/kabar/", "/en/akun/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].endswith("/akun/masuk/"), path
    assert client.post("/id/akun/kabar/", {"nothing": "1"}).status_code == 302
    assert not UpdateOptOut.objects.exists()


def receipt_link(donation):
    """The receipt URL of ``donation`` up to its token's timestamp: the signed token changes every
    second, so the page rendered a moment earlier carries another one for the same donation."""
    return donation.get_receipt_url().rsplit(":", 2)[0] + ":"


def test_history_shows_only_own_donations_across_two_oms(two_oms, django_assert_max_num_queries):
    lampu, sumur = two_oms
    last_year = timezone.now().replace(year=timezone.now().year - 1, month=6, day=15)
    first = give(lampu, amount=150_000, when=last_year)
    give(sumur, email="SITI@contoh.id", amount=75_000)
    pending = give(sumur, amount=20_000, status=Donation.Status.PENDING)
    refunded = give(lampu, amount=40_000, status=Donation.Status.REFUNDED, refunded=40_000)
    other = give(lampu, email="budi@contoh.id", amount=999_000)
    plan = RecurringDonation.objects.create(campaign=sumur, ask_id=sumur.get_asks()[0].id, email=SITI, name="Siti",
                                            amount=Decimal(50_000), method="dummy", charge_day=5,
                                            status=RecurringDonation.Status.ACTIVE)
    RecurringDonation.objects.create(campaign=lampu, ask_id=lampu.get_asks()[0].id, email="budi@contoh.id",
                                     amount=Decimal(10_000), method="dummy", charge_day=7,
                                     status=RecurringDonation.Status.ACTIVE)
    monthly = give(sumur, amount=50_000, recurring=plan, period=timezone.localdate().replace(day=1))

    client = signed_in_client()
    response = client.get("/id/akun/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store" and "noindex" in response["X-Robots-Tag"]
    assert "X-Page-Cache" not in response
    body = response.content.decode()
    for name in ("Lampu Jalan Kampung Nelayan", "Sumur untuk Desa Oebelo", "Yayasan Lampu", "Komunitas Air Bersih"):
        assert name in body
    assert other.receipt_number not in body and "999.000" not in body and "budi@" not in body
    for donation in (first, monthly, refunded):
        assert donation.receipt_number in body
    # Receipts for confirmed and refunded donations, not for pending ones; newest year first.
    assert receipt_link(first) in body and receipt_link(refunded) in body
    assert receipt_link(monthly) in body
    assert receipt_link(pending) not in body
    assert body.index(f">{timezone.now().year}<") < body.index(f">{last_year.year}<")
    # This year counts 75.000 + 50.000 (pending and refunded add nothing); last year 150.000.
    assert "Rp 125.000" in body and "Rp 150.000" in body
    # The monthly donation with its signed manage link; Budi's is not shown.
    # The token carries the second it was signed in, so compare what it opens, not its text.
    manage_prefix = plan.get_manage_url().rsplit("/", 2)[0] + "/"
    tokens = re.findall(re.escape(manage_prefix) + r"([^/\"]+)/", body)
    assert [signing.loads(token, salt=RECURRING_MANAGE_SALT) for token in tokens] == [plan.pk]
    assert in_indonesian(gettext_lazy("%(amount)s every month, on day %(day)s")) % {"amount": "Rp 50.000", "day": 5} in body
    assert "tanggal 7" not in body
    assert f"/id/akun/ringkasan/{last_year.year}/" in body

    # A fixed number of queries, whatever the number of donations.
    for _ in range(5):
        give(lampu, amount=10_000)
    with django_assert_max_num_queries(25):
        assert client.get("/id/akun/").status_code == 200


def test_history_in_the_visitors_language(two_oms):
    lampu, _sumur = two_oms
    from wagtail.models import Locale

    english = lampu.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Street Lights for the Fishing Village"
    english.save_revision().publish()
    give(lampu)
    client = signed_in_client()
    assert "Street Lights for the Fishing Village" in client.get("/en/akun/").content.decode()
    assert "Lampu Jalan Kampung Nelayan" in client.get("/id/akun/").content.decode()


def test_receipt_and_email_point_to_the_account(two_oms):
    donation = give(two_oms[0])
    page = Client().get(donation.get_receipt_url()).content.decode()
    assert 'href="/id/akun/"' in page
    from plugins.donation.tasks import send_confirmation_emails

    mail.outbox.clear()
    send_confirmation_emails.call(donation.pk)
    assert "http://testserver/id/akun/" in mail.outbox[0].body


# -- the yearly summary --------------------------------------------------------------------------


def test_yearly_summary_pdf_and_csv(two_oms):
    lampu, sumur = two_oms
    year = timezone.now().year
    first = give(lampu, amount=150_000)
    give(sumur, amount=75_500)
    give(sumur, amount=20_000, status=Donation.Status.PENDING)
    give(lampu, email="budi@contoh.id", amount=999_000)
    client = signed_in_client()
    pdf = client.get(f"/id/akun/ringkasan/{year}/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf["Cache-Control"] == "private, no-store"
    response = client.get(f"/id/akun/ringkasan/{year}/?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    data = [row for row in rows if len(row) == 5]
    assert data[-1][-1] == "225500"
    assert [first.receipt_number, "150000"] == data[1][3:]
    assert "Yayasan Lampu" in data[1] and "Lampu Jalan Kampung Nelayan" in data[1]
    text = response.content.decode("utf-8-sig")
    assert "budi@" not in text and "999000" not in text and in_indonesian(summary.note) in text
    # A year without money that counts: nothing to download.
    assert client.get(f"/id/akun/ringkasan/{year - 3}/").status_code == 404


def test_a_year_of_someone_else_is_not_found(two_oms):
    give(two_oms[0], email="budi@contoh.id")
    give(two_oms[1], status=Donation.Status.PENDING)  # Siti has given, but nothing counts
    client = signed_in_client()
    assert client.get(f"/id/akun/ringkasan/{timezone.now().year}/").status_code == 404


# -- story updates -------------------------------------------------------------------------------


def test_updates_toggle_writes_opt_outs_the_mailing_follows(two_oms):
    lampu, sumur = two_oms
    give(lampu, wants_updates=True)
    give(sumur, wants_updates=True)
    give(sumur, email="budi@contoh.id", wants_updates=True)
    assert update_recipients([lampu.pk, sumur.pk])[SITI] == sorted([lampu.pk, sumur.pk])
    client = signed_in_client()
    page = client.get("/id/akun/kabar/")
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    body = page.content.decode()
    assert body.count('type="checkbox" name="campaign"') == 2 and "csrfmiddlewaretoken" in body

    # Keep the lamps, stop the well.
    saved = client.post("/id/akun/kabar/", {"campaign": [str(lampu.pk)]})
    assert saved.status_code == 200 and 'role="status"' in saved.content.decode()
    assert list(UpdateOptOut.objects.values_list("email", "campaign_id")) == [(SITI, sumur.pk)]
    recipients = update_recipients([lampu.pk, sumur.pk])
    assert recipients[SITI] == [lampu.pk] and recipients["budi@contoh.id"] == [sumur.pk]

    # Nothing at all.
    client.post("/id/akun/kabar/", {"campaign": [str(lampu.pk)], "nothing": "1"})
    assert SITI not in update_recipients([lampu.pk, sumur.pk])
    # Back on, both: the opt-outs are gone. A campaign id that is not one of hers changes nothing.
    other = give(lampu, email="budi@contoh.id").campaign_id
    client.post("/id/akun/kabar/", {"campaign": [str(lampu.pk), str(sumur.pk), str(other), "x"]})
    assert not UpdateOptOut.objects.filter(email=SITI).exists()
    assert update_recipients([lampu.pk, sumur.pk])[SITI] == sorted([lampu.pk, sumur.pk])


def test_updates_post_needs_csrf(two_oms):
    give(two_oms[0], wants_updates=True)
    client = signed_in_client()
    client.handler.enforce_csrf_checks = True
    assert client.post("/id/akun/kabar/", {"nothing": "1"}).status_code == 403
    assert not UpdateOptOut.objects.exists()
