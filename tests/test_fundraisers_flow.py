"""Supporters' own fundraisers (issue 17): starting one, the OMS's decision, the public page, giving
through it, its figures following the money, the leaderboard and the reconcile check."""
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from payments import PaymentStatus

from gateways.testing import ASK, donate
from plugins.donation.fundraisers import service
from plugins.donation.fundraisers.models import Fundraiser
from plugins.donation.models import Donation

pytestmark = pytest.mark.django_db


def start_url(campaign):
    return reverse("donation:fundraiser_start", kwargs={"campaign_id": campaign.pk,
                                                        "ask_id": campaign.get_asks()[0].id})


def form_data(**overrides):
    return {"title": "Ulang tahun ke-30 Sari", "occasion": "birthday", "story": "Tahun ini saya minta donasi.",
            "target": "2.000.000", "owner_name": "Sari Wulandari", "owner_email": "sari@contoh.id",
            "consent": "on", **overrides}


def png(size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "PNG")
    return SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png")


def make_fundraiser(campaign, status=Fundraiser.Status.APPROVED, **fields):
    fields = {"title": "Lari 10K untuk warga", "story": "Saya lari, Anda berdonasi.", "target": Decimal("1000000"),
              "owner_name": "Andi Pratama", "owner_email": "andi@contoh.id", **fields}
    return Fundraiser.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id,
                                     slug=service.unique_slug(fields["title"]), status=status, **fields)


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("donation", ASK)])


def confirm(donation):
    donation.payment.change_status(PaymentStatus.CONFIRMED)
    donation.refresh_from_db()
    return donation


# -- starting one -------------------------------------------------------------------------------


def test_start_form_creates_a_pending_fundraiser_and_emails_owner_and_oms(client, campaign):
    assert client.get(start_url(campaign)).status_code == 200
    response = client.post(start_url(campaign), {**form_data(), "photo": png()})
    assert response.status_code == 200, response.content.decode()[:2000]
    fundraiser = Fundraiser.objects.get()
    assert fundraiser.status == "pending" and fundraiser.target == Decimal("2000000")
    assert fundraiser.slug.startswith("ulang-tahun-ke-30-sari-") and fundraiser.photo
    assert fundraiser.campaign_id == campaign.pk and fundraiser.ask_id == campaign.get_asks()[0].id
    recipients = {tuple(m.to): m for m in mail.outbox}
    owner = recipients[("sari@contoh.id",)]
    token = owner.body.split("/penggalangan/kelola/")[1].split("/")[0]
    assert client.get(reverse("donation:fundraiser_manage", kwargs={"token": token})).context["fundraiser"] == fundraiser
    assert ("oms@contoh.id",) in recipients
    # Pending: not public yet, whoever asks.
    assert client.get(fundraiser.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("overrides, field", [
    ({"target": "5.000"}, "target"),
    ({"target": "lima juta"}, "target"),
    ({"target": "2.000.000.000"}, "target"),
    ({"ends_on": "2099-01-01"}, "ends_on"),
    ({"consent": ""}, "consent"),
    ({"owner_email": "bukan-email"}, "owner_email"),
    ({"title": ""}, "title"),
])
def test_bad_input_is_refused_with_what_was_typed_kept(client, campaign, overrides, field):
    response = client.post(start_url(campaign), form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    body = response.content.decode()
    assert "Ulang tahun ke-30 Sari" in body or field == "title"
    assert "Tahun ini saya minta donasi." in body
    assert not Fundraiser.objects.exists()


def test_a_file_that_is_not_a_picture_is_refused(client, campaign):
    fake = SimpleUploadedFile("foto.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    response = client.post(start_url(campaign), {**form_data(), "photo": fake})
    assert response.status_code == 400 and "photo" in response.context["form"].errors
    assert not Fundraiser.objects.exists()


def test_start_needs_a_live_money_campaign_and_a_donation_ask(client, make_campaign, campaign):
    ended = make_campaign(asks=[("donation", ASK)], closed=True, slug="selesai")
    response = client.post(start_url(ended), form_data())
    assert response.status_code == 409 and not Fundraiser.objects.exists()
    bad_ask = reverse("donation:fundraiser_start", kwargs={"campaign_id": campaign.pk, "ask_id": "tidak-ada"})
    assert client.get(bad_ask).status_code == 404
    draft = make_campaign(asks=[("donation", ASK)], live=False, slug="draf")
    assert client.get(start_url(draft)).status_code == 404


def test_start_is_rate_limited_and_has_the_honeypot(client, campaign, settings):
    settings.THROTTLE_ENABLED = True
    settings.THROTTLE_RATES = {"post": {"ip": "2/h"}, "fundraiser": {"ip": "2/h", "email": "2/h"}}
    cache.clear()
    try:
        assert 'name="homepage_url"' in client.get(start_url(campaign)).content.decode()
        trapped = client.post(start_url(campaign), {**form_data(), "homepage_url": "http://spam.example"})
        assert trapped.status_code in (302, 303) and not Fundraiser.objects.exists()
        cache.clear()
        for i in range(2):
            assert client.post(start_url(campaign), form_data(title=f"Galang {i}")).status_code == 200
        assert client.post(start_url(campaign), form_data(title="Galang 3")).status_code == 429
        assert Fundraiser.objects.count() == 2
    finally:
        cache.clear()


# -- the OMS decides ----------------------------------------------------------------------------


def test_oms_approves_and_hides_with_a_note_others_cannot(client, campaign, organisation, make_organisation,
                                                           make_editor, make_campaign):
    fundraiser = make_fundraiser(campaign, status=Fundraiser.Status.PENDING)
    other_oms = make_organisation(slug="oms-lain", email="lain@contoh.id")
    outsider = make_editor(other_oms)
    other_campaign = make_campaign(asks=[("donation", ASK)], parent=other_oms, slug="kampanye-lain")
    theirs = make_fundraiser(other_campaign, status=Fundraiser.Status.PENDING, title="Punya OMS lain")
    decide = reverse("donation_admin:fundraiser_decide", kwargs={"pk": fundraiser.pk})

    client.force_login(outsider)
    listing = client.get(reverse("donation_admin:fundraisers")).content.decode()
    assert "Punya OMS lain" in listing and fundraiser.title not in listing
    assert client.get(decide).status_code == 404
    assert client.post(decide, {"decision": "approved"}).status_code == 404
    fundraiser.refresh_from_db()
    assert fundraiser.status == "pending"

    client.force_login(make_editor(organisation))
    assert "Punya OMS lain" not in client.get(reverse("donation_admin:fundraisers")).content.decode()
    assert client.get(reverse("donation_admin:fundraiser_decide", kwargs={"pk": theirs.pk})).status_code == 404
    mail.outbox.clear()
    assert client.post(decide, {"decision": "approved"}).status_code == 302
    fundraiser.refresh_from_db()
    assert fundraiser.status == "approved" and fundraiser.decided_at
    assert [m.to for m in mail.outbox] == [["andi@contoh.id"]]
    client.logout()
    assert client.get(fundraiser.get_absolute_url()).status_code == 200

    client.force_login(make_editor(organisation, username="editor-2"))
    # Hiding needs a note for the owner.
    response = client.post(decide, {"decision": "hidden", "note": ""})
    assert response.status_code == 400
    mail.outbox.clear()
    assert client.post(decide, {"decision": "hidden", "note": "Foto tidak pantas."}).status_code == 302
    fundraiser.refresh_from_db()
    assert fundraiser.status == "hidden" and fundraiser.status_note == "Foto tidak pantas."
    assert "Foto tidak pantas." in mail.outbox[0].body
    client.logout()
    assert client.get(fundraiser.get_absolute_url()).status_code == 404
    client.force_login(make_editor(organisation, username="editor-3"))
    assert client.post(decide, {"decision": "approved"}).status_code == 302  # re-approved
    fundraiser.refresh_from_db()
    assert fundraiser.status == "approved"


def test_a_user_without_campaigns_gets_403_and_national_staff_see_all(client, campaign, django_user_model,
                                                                      admin_user):
    from django.contrib.auth.models import Permission

    fundraiser = make_fundraiser(campaign, status=Fundraiser.Status.PENDING)
    nobody = django_user_model.objects.create_user("staf", password="x")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    # Wagtail answers the admin's PermissionDenied (403) with a redirect to the dashboard.
    for url in (reverse("donation_admin:fundraisers"),
                reverse("donation_admin:fundraiser_decide", kwargs={"pk": fundraiser.pk})):
        response = client.get(url)
        assert response.status_code in (302, 403) and fundraiser.title not in response.content.decode()
    assert client.post(reverse("donation_admin:fundraiser_decide", kwargs={"pk": fundraiser.pk}),
                       {"decision": "approved"}).status_code in (302, 403)
    fundraiser.refresh_from_db()
    assert fundraiser.status == "pending"
    client.force_login(admin_user)
    body = client.get(reverse("donation_admin:fundraisers")).content.decode()
    assert fundraiser.title in body and "(1)" in body  # the pending badge in the menu


# -- the public page and the owner's page -------------------------------------------------------


def test_public_page_shows_figures_explanation_and_gives_through_it(client, campaign, organisation):
    fundraiser = make_fundraiser(campaign)
    body = client.get(fundraiser.get_absolute_url()).content.decode()
    assert fundraiser.title in body and "Andi Pratama" in body
    link = f"{campaign.pledge_url(campaign.get_asks()[0])}?penggalang={fundraiser.slug}"
    assert link in body
    assert organisation.title in body and 'class="share"' in body
    # The pledge form keeps the fundraiser as a hidden field and the donation records it.
    form = client.get(link).content.decode()
    assert f'value="{fundraiser.slug}"' in form
    donation = donate(client, campaign, "dummy", amount="250.000", penggalang=fundraiser.slug,
                      name="Budi", is_anonymous="on")
    assert donation.fundraiser_id == fundraiser.pk
    confirm(donation)
    fundraiser.refresh_from_db()
    assert (fundraiser.raised, fundraiser.supporters) == (Decimal("250000"), 1)
    body = client.get(fundraiser.get_absolute_url()).content.decode()
    assert "Budi" not in body and "Rp 250.000" in body  # anonymous stays anonymous


def test_giving_through_a_hidden_or_other_campaigns_fundraiser_counts_for_the_campaign_only(
        client, campaign, make_campaign):
    hidden = make_fundraiser(campaign, status=Fundraiser.Status.HIDDEN)
    other = make_fundraiser(make_campaign(asks=[("donation", ASK)], slug="lain"), title="Lain")
    for slug in (hidden.slug, other.slug, "tidak-ada"):
        donation = donate(client, campaign, "dummy", penggalang=slug)
        assert donation.fundraiser_id is None


def test_refund_reduces_and_repeats_count_once(client, campaign):
    fundraiser = make_fundraiser(campaign)
    first = confirm(donate(client, campaign, "dummy", amount="100.000", penggalang=fundraiser.slug))
    second = confirm(donate(client, campaign, "dummy", amount="300.000", penggalang=fundraiser.slug))
    second.payment.change_status(PaymentStatus.CONFIRMED)  # delivered twice: counted once
    fundraiser.refresh_from_db()
    assert (fundraiser.raised, fundraiser.supporters) == (Decimal("400000"), 2)
    payment = second.payment
    payment.refunded_amount = Decimal("100000")
    payment.save(update_fields=["refunded_amount"])
    payment.change_status(PaymentStatus.CONFIRMED)  # a partial refund: still a donor
    fundraiser.refresh_from_db()
    assert (fundraiser.raised, fundraiser.supporters) == (Decimal("300000"), 2)
    first.payment.change_status(PaymentStatus.REFUNDED)
    fundraiser.refresh_from_db()
    assert (fundraiser.raised, fundraiser.supporters) == (Decimal("200000"), 1)
    assert service.problems() == []


def test_owner_edits_by_signed_link_and_forged_links_are_404(client, campaign):
    fundraiser = make_fundraiser(campaign)
    url = fundraiser.get_manage_url()
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert client.get(url[:-3] + "xx/").status_code == 404
    assert client.get(reverse("donation:fundraiser_manage", kwargs={"token": "1"})).status_code == 404
    bad = client.post(url, {"title": "Baru", "occasion": "sport", "story": "Cerita baru", "target": "10"})
    assert bad.status_code == 400 and "Cerita baru" in bad.content.decode()
    mail.outbox.clear()
    response = client.post(url, {"title": "Lari 21K untuk warga", "occasion": "sport", "story": "Lebih jauh!",
                                 "target": "3.000.000"})
    assert response.status_code == 302
    fundraiser.refresh_from_db()
    assert fundraiser.title == "Lari 21K untuk warga" and fundraiser.target == 3000000
    assert fundraiser.status == "approved"  # stays up; the OMS is told
    assert [m.to for m in mail.outbox] == [["oms@contoh.id"]]


# -- the campaign page and the reconcile check --------------------------------------------------


def test_leaderboard_on_the_campaign_page(client, campaign):
    for i, raised in enumerate([500_000, 2_000_000, 100_000, 0, 700_000, 300_000]):
        make_fundraiser(campaign, title=f"Galang nomor {i}", raised=Decimal(raised))
    make_fundraiser(campaign, status=Fundraiser.Status.PENDING, title="Masih menunggu")
    body = client.get(campaign.url).content.decode()
    assert "Masih menunggu" not in body
    positions = [body.index(f"Galang nomor {i}") for i in (1, 4, 0, 5, 2)]
    assert positions == sorted(positions)
    assert "Galang nomor 3" not in body  # sixth: not in the top five
    assert start_url(campaign) in body


def test_problems_detects_drift(client, campaign):
    fundraiser = make_fundraiser(campaign)
    confirm(donate(client, campaign, "dummy", amount="100.000", penggalang=fundraiser.slug))
    assert service.problems() == []
    Fundraiser.objects.filter(pk=fundraiser.pk).update(raised=Decimal("90000"))
    assert service.problems() == [f"fundraiser {fundraiser.pk}: raised/supporters 90000/1, its donations 100000/1"]
    Fundraiser.objects.filter(pk=fundraiser.pk).update(raised=Decimal("100000"), supporters=2)
    assert len(service.problems()) == 1


def test_demo_seed_is_consistent(campaign):
    from plugins.donation.fundraisers.demo import seed
    from plugins.donation.hooks import demo_records
    import random

    demo_records(campaign, campaign.get_asks()[0], 30, random.Random(3))
    lines = seed()
    assert lines and Fundraiser.objects.filter(status="approved").exists()
    fundraiser = Fundraiser.objects.get()
    assert fundraiser.supporters == Donation.objects.filter(fundraiser=fundraiser).count() > 0
    assert service.problems() == []


def test_an_ended_fundraiser_takes_no_more_gifts_but_its_page_stays(client, campaign):
    import datetime

    from django.utils import timezone

    fundraiser = make_fundraiser(campaign, ends_on=timezone.localdate() - datetime.timedelta(days=1))
    body = client.get(fundraiser.get_absolute_url()).content.decode()
    assert "?penggalang=" not in body and campaign.url in body
    assert donate(client, campaign, "dummy", penggalang=fundraiser.slug).fundraiser_id is None
    english = client.get("/en" + fundraiser.get_absolute_url()[3:])
    assert english.status_code == 200 and "Where your money goes" in english.content.decode()


def test_the_public_page_is_cached_and_a_decision_purges_it(client, campaign, admin_user):
    from django.test import Client

    fundraiser = make_fundraiser(campaign)
    first, second = client.get(fundraiser.get_absolute_url()), Client().get(fundraiser.get_absolute_url())
    assert (first.status_code, first.headers.get("X-Page-Cache"), second.headers.get("X-Page-Cache")) == (
        200, "miss", "hit")
    service.decide(fundraiser, Fundraiser.Status.HIDDEN, admin_user, note="Tidak sesuai aturan.")
    assert Client().get(fundraiser.get_absolute_url()).status_code == 404
    # The owner's page by its link is never kept.
    url = fundraiser.get_manage_url()
    assert Client().get(url).headers.get("X-Page-Cache") != "hit"
    assert Client().get(url).headers.get("X-Page-Cache") != "hit"


def test_the_photo_is_stored_small_and_without_camera_metadata(client, campaign):
    exif = Image.Exif()
    exif[0x010F] = "PonselRahasia"  # the camera's make
    exif[0x0132] = "2026:12:01 10:00:00"
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), "orange").save(buffer, "JPEG", exif=exif.tobytes())
    photo = SimpleUploadedFile("ulang-tahun.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = client.post(start_url(campaign), {**form_data(), "photo": photo})
    assert response.status_code in (200, 302), response.content.decode()[:500]
    fundraiser = Fundraiser.objects.get()
    with fundraiser.photo.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) == 1200 and image.format == "JPEG"
        assert not image.getexif()
    assert b"PonselRahasia" not in fundraiser.photo.open("rb").read()
