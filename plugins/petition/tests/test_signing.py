"""Signing a petition through real HTTP: the form, the checks, the email link, the counts."""
import datetime
import html
import re

import pytest
from django.core import mail, signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import StatusChange
from plugins.petition.models import Signature
from plugins.petition.tokens import make_confirm_token

from .helpers import ASK, CONFIRM_LINK, VALID, WITHDRAW_LINK, indonesian, link, sign_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("petition", ASK)])


@pytest.fixture
def sign(client, campaign, django_capture_on_commit_callbacks):
    """POST the form (on-commit emails are sent) and return the response."""
    def post(data=None, target=None, http=None):
        with django_capture_on_commit_callbacks(execute=True):
            return (http or client).post(sign_url(target or campaign), data if data is not None else VALID)
    return post


@pytest.fixture
def confirm(client, django_capture_on_commit_callbacks):
    def get(path):
        with django_capture_on_commit_callbacks(execute=True):
            return client.get(path)
    return get


def text(response):
    return response.content.decode()


def checked(body, name):
    match = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', body)
    assert match, name
    return " checked" in match.group(0)


def shows(response, message):
    body = text(response)
    return message in body or html.escape(message) in body


# --- The form --------------------------------------------------------------------------------


def test_form_shows_the_petition_and_every_regency_grouped_by_province(client, campaign):
    response = client.get(sign_url(campaign))
    assert response.status_code == 200
    body = text(response)
    assert "Bupati Sumba Barat" in body and "Terbitkan peraturan bupati tentang paralegal desa." in body
    assert '<optgroup label="Nusa Tenggara Timur">' in body
    assert body.count("<optgroup ") == 38
    assert body.count('<option value="') == 514 + 1  # every kabupaten/kota, and the "choose" prompt
    assert '<option value="53.12">Kabupaten Sumba Barat</option>' in body
    assert "0 / 4 " + indonesian("signatures") in body
    assert checked(body, "show_name")  # public by default, can be unticked


def test_happy_path_sign_confirm_count(client, campaign, sign, confirm):
    response = sign()
    assert response.status_code == 200
    assert shows(response, "yohanes.lake@contoh.id")
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.PENDING
    assert signature.email == "yohanes.lake@contoh.id"  # normalised
    assert signature.campaign_id == campaign.pk and signature.ask_id == campaign.get_asks()[0].id
    assert signature.regency.code == "53.12" and signature.comment == VALID["comment"]
    assert signature.is_anonymous is False and signature.wants_updates is True and signature.language == "id"
    assert signature.confirmed_at is None

    # Not counted before the link is clicked.
    (_ask, _type, progress), = campaign.get_progress()
    assert progress.current == 0 and progress.supporters == 0
    assert "Yohanes Lake" not in text(client.get(campaign.url))

    # The email with the link, in Indonesian.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["yohanes.lake@contoh.id"]
    assert "Paralegal di setiap desa" in message.subject and "Bupati Sumba Barat" in message.body
    confirm_path = link(CONFIRM_LINK, message)
    assert confirm_path.startswith("/id/")

    response = confirm(confirm_path)
    assert response.status_code == 200
    assert shows(response, indonesian("Thank you! Your signature counts"))
    signature.refresh_from_db()
    assert signature.status == Signature.Status.CONFIRMED and signature.confirmed_at is not None
    change = StatusChange.objects.get(record_type="petition.signature", record_id=signature.pk)
    assert (change.old_status, change.new_status, change.user) == ("pending", "confirmed", None)

    # The thank-you email, with a withdraw link.
    thanks = [m for m in mail.outbox if m.to == ["yohanes.lake@contoh.id"]][1]
    assert WITHDRAW_LINK.search(thanks.body) and campaign.url in thanks.body

    # Counted, and on the wall with the kabupaten/kota and the comment.
    (_ask, _type, progress), = campaign.get_progress()
    assert progress.current == 1 and progress.target == 4 and progress.supporters == 1
    page = text(client.get(campaign.url))
    assert "Yohanes Lake" in page and "Kabupaten Sumba Barat" in page and VALID["comment"] in page
    assert "1 / 4 " + indonesian("signatures") in page

    # Clicking the link again is harmless.
    sent = len(mail.outbox)
    response = confirm(confirm_path)
    assert response.status_code == 200
    assert shows(response, indonesian("Your signature is already confirmed"))
    assert StatusChange.objects.filter(record_id=signature.pk).count() == 1
    assert len(mail.outbox) == sent
    assert Signature.objects.get().confirmed_at == signature.confirmed_at


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("change, field, message", [
    ({"name": ""}, "name", "Write your full name."),
    ({"name": "   "}, "name", "Write your full name."),
    ({"name": "Promo http://spam.example"}, "name", "Write your name, not a web address."),
    ({"email": ""}, "email", "Write your email address: your signature is confirmed through it."),
    ({"email": "yohanes@"}, "email", "That does not look like an email address. Check it, e.g. nama@contoh.id."),
    ({"regency": ""}, "regency", "Choose your kabupaten/kota."),
    ({"regency": "99.99"}, "regency", "Choose your kabupaten/kota from the list."),
    ({"comment": "x" * 501}, "comment", None),
])
def test_bad_input_is_refused_with_a_clear_message_and_kept(campaign, sign, change, field, message):
    data = {**VALID, **change}
    response = sign(data)
    assert response.status_code == 400
    body = text(response)
    assert 'role="alert"' in body
    if message:
        assert shows(response, indonesian(message))
    else:
        assert shows(response, indonesian(
            "Keep your comment to %(limit_value)d characters or fewer (it now has %(show_value)d).",
            limit_value=500, show_value=501))
    assert 'aria-invalid="true"' in body
    # What was typed is still there.
    for name in ("name", "email", "comment"):
        if name != field and data[name].strip():
            assert html.escape(data[name]) in body
    if field != "regency":
        assert '<option value="53.12" selected>' in body
    assert checked(body, "show_name")
    # Nothing saved, nothing sent.
    assert Signature.objects.count() == 0
    assert mail.outbox == []


def test_unticked_show_name_is_kept_on_error(campaign, sign):
    data = {key: value for key, value in VALID.items() if key != "show_name"}
    response = sign({**data, "email": "bukan-email"})
    assert response.status_code == 400
    assert not checked(text(response), "show_name")


# --- One signature per email -----------------------------------------------------------------

#: The one answer of the form, whatever the address's history on the petition (no probing).
CHECK_EMAIL = ("We have sent an email to <strong>%(email)s</strong>. If your signature still needs confirming, "
               "it has the link: your signature counts as soon as you click it.")


def test_second_attempt_while_unconfirmed_resends_the_link(campaign, sign, confirm):
    assert sign().status_code == 200
    first = Signature.objects.get()
    # A few minutes later, with another case and a corrected name.
    Signature.objects.filter(pk=first.pk).update(
        confirmation_sent_at=timezone.now() - datetime.timedelta(minutes=5))
    response = sign({**VALID, "email": "YOHANES.LAKE@contoh.id", "name": "Yohanes Lake Ndapa"})
    assert response.status_code == 200
    assert shows(response, indonesian(CHECK_EMAIL, strict=False, email="yohanes.lake@contoh.id"))
    assert Signature.objects.count() == 1
    signature = Signature.objects.get()
    assert signature.name == "Yohanes Lake Ndapa" and signature.status == Signature.Status.PENDING
    assert len(mail.outbox) == 2
    assert [m.to for m in mail.outbox] == [["yohanes.lake@contoh.id"]] * 2

    # At once again: the link just went out, so it is not sent a third time (the page is the same).
    response = sign(VALID)
    assert response.status_code == 200
    assert shows(response, indonesian(CHECK_EMAIL, strict=False, email="yohanes.lake@contoh.id"))
    assert len(mail.outbox) == 2 and Signature.objects.count() == 1

    # Either link confirms the one signature.
    assert confirm(link(CONFIRM_LINK, mail.outbox[0])).status_code == 200
    assert Signature.objects.get().status == Signature.Status.CONFIRMED


def test_second_attempt_after_confirmation_answers_the_same_and_tells_the_signer(campaign, sign, confirm):
    first = sign()
    confirm(link(CONFIRM_LINK, mail.outbox[0]))
    sent = len(mail.outbox)
    response = sign({**VALID, "email": " YOHANES.LAKE@CONTOH.ID ", "name": "Orang Lain"})
    assert response.status_code == 200
    assert shows(response, indonesian(CHECK_EMAIL, strict=False, email="yohanes.lake@contoh.id"))
    assert text(response).count("yohanes.lake@contoh.id") == text(first).count("yohanes.lake@contoh.id")
    assert Signature.objects.count() == 1 and Signature.objects.get().name == "Yohanes Lake"
    # The address's owner hears that their signature already counts, with the way to withdraw it.
    assert len(mail.outbox) == sent + 1
    notice = mail.outbox[-1]
    assert notice.to == ["yohanes.lake@contoh.id"]
    assert WITHDRAW_LINK.search(notice.body) and not CONFIRM_LINK.search(notice.body)


def test_the_same_email_may_sign_another_petition(make_campaign, campaign, sign):
    other = make_campaign(asks=[("petition", {**ASK, "title": "Petisi kedua"})], slug="kampanye-lain")
    assert sign().status_code == 200
    assert sign(target=other).status_code == 200
    assert Signature.objects.count() == 2


def test_removed_signer_cannot_sign_again(campaign, sign):
    sign()
    Signature.objects.update(status=Signature.Status.REMOVED)
    sent = len(mail.outbox)
    response = sign()
    assert response.status_code == 200  # the same page as anyone's: the form does not tell
    assert shows(response, indonesian(CHECK_EMAIL, strict=False, email="yohanes.lake@contoh.id"))
    assert Signature.objects.get().status == Signature.Status.REMOVED
    assert len(mail.outbox) == sent


def test_database_refuses_a_second_signature_whatever_the_case(campaign):
    from regions.models import Regency

    ask_id = campaign.get_asks()[0].id
    regency = Regency.objects.get(code="53.12")
    Signature.objects.create(campaign=campaign, ask_id=ask_id, email="siti@contoh.id", name="Siti",
                             regency=regency)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(campaign=campaign, ask_id=ask_id, email="Siti@Contoh.id", name="Siti 2",
                                 regency=regency)
    Signature.objects.create(campaign=campaign, ask_id="another-ask", email="siti@contoh.id", name="Siti",
                             regency=regency)
    assert Signature.objects.count() == 2


# --- Links: bad, expired, withdraw -----------------------------------------------------------


@pytest.mark.parametrize("token", ["bukan-token", "1:1abcde:abcdefghijklmnopqrstuvwxyz0"])
def test_a_bad_link_gives_a_clear_page(client, token):
    response = client.get(f"/id/dukung/petition/konfirmasi/{token}/")
    assert response.status_code == 400
    assert shows(response, indonesian("This link does not work"))
    assert shows(response, indonesian(
        "Still not working? Sign the petition again with the same email address: we will send you a new "
        "link, and your signature is only counted once."))


def test_a_tampered_link_confirms_nothing(client, campaign, sign):
    sign()
    path = link(CONFIRM_LINK, mail.outbox[0])
    response = client.get(path[:-2] + ("A" if path[-2] != "A" else "B") + "/")
    assert response.status_code == 400
    assert Signature.objects.get().status == Signature.Status.PENDING


def test_an_expired_link_offers_a_new_one(client, campaign, sign, confirm, monkeypatch,
                                          django_capture_on_commit_callbacks):
    sign()
    signature = Signature.objects.get()
    eight_days_ago = timezone.now().timestamp() - 8 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: eight_days_ago)
        old_token = make_confirm_token(signature)
    response = confirm(f"/id/dukung/petition/konfirmasi/{old_token}/")
    assert response.status_code == 410
    assert shows(response, indonesian("This link has expired"))
    assert "y***@contoh.id" in text(response)
    assert Signature.objects.get().status == Signature.Status.PENDING

    Signature.objects.update(confirmation_sent_at=timezone.now() - datetime.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/id/dukung/petition/tautan-baru/{old_token}/")
    assert response.status_code == 200
    assert shows(response, indonesian(
        "We have sent a new confirmation link to %(email)s. Your signature counts as soon as you click it.",
        email="y***@contoh.id"))
    assert len(mail.outbox) == 2
    new_path = link(CONFIRM_LINK, mail.outbox[1])
    assert confirm(new_path).status_code == 200
    assert Signature.objects.get().status == Signature.Status.CONFIRMED

    # An expired link of a confirmed signature just says it is confirmed.
    response = confirm(f"/id/dukung/petition/konfirmasi/{old_token}/")
    assert response.status_code == 200
    assert shows(response, indonesian("Your signature is already confirmed"))


def test_withdrawing_a_signature(client, campaign, sign, confirm, django_capture_on_commit_callbacks):
    sign()
    confirm_path = link(CONFIRM_LINK, mail.outbox[0])
    confirm(confirm_path)
    withdraw_path = link(WITHDRAW_LINK, mail.outbox[1])
    response = client.get(withdraw_path)
    assert response.status_code == 200 and "<form" in text(response)
    assert Signature.objects.get().status == Signature.Status.CONFIRMED  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(withdraw_path)
    assert response.status_code == 200
    assert shows(response, indonesian("Your signature has been withdrawn. It no longer counts and is no longer shown."))
    assert Signature.objects.get().status == Signature.Status.WITHDRAWN
    (_ask, _type, progress), = campaign.get_progress()
    assert progress.current == 0
    assert "Yohanes Lake" not in text(client.get(campaign.url))

    # The old confirmation link does not bring it back.
    response = confirm(confirm_path)
    assert response.status_code == 409
    assert Signature.objects.get().status == Signature.Status.WITHDRAWN

    # Signing again is possible: pending again, with a new link.
    sent = len(mail.outbox)
    assert sign().status_code == 200
    assert Signature.objects.get().status == Signature.Status.PENDING
    assert len(mail.outbox) == sent + 1


# --- Anonymity, the wall, progress -----------------------------------------------------------


def test_a_non_public_signature_counts_but_is_not_shown(client, campaign, sign, confirm):
    data = {key: value for key, value in VALID.items() if key != "show_name"}
    sign(data)
    signature = Signature.objects.get()
    assert signature.is_anonymous is True
    confirm(link(CONFIRM_LINK, mail.outbox[0]))
    (_ask, _type, progress), = campaign.get_progress()
    assert progress.current == 1
    assert campaign.get_wall() == []
    for url in (campaign.url, sign_url(campaign)):
        body = text(client.get(url))
        assert "Yohanes Lake" not in body and VALID["comment"] not in body


def test_ended_campaign_refuses_signatures(client, make_campaign, sign):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ended = make_campaign(asks=[("petition", ASK)], start_date=yesterday - datetime.timedelta(days=30),
                          end_date=yesterday, slug="sudah-selesai")
    response = sign(target=ended)
    assert response.status_code == 409
    assert Signature.objects.count() == 0 and mail.outbox == []
    assert client.get(sign_url(ended)).status_code == 200
