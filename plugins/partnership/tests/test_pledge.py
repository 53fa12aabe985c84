"""The public proposal form: happy path, every bad input, duplicates, ended campaigns, emails."""
import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from plugins.partnership.models import Proposal

pytestmark = pytest.mark.django_db


def test_form_offers_only_the_kinds_sought_and_what_partners_get(client, pledge_url):
    response = client.get(pledge_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mitra penerangan desa" in html
    assert "Nama mitra di papan proyek dan laporan pemasangan." in html
    assert 'value="csr"' in html and 'value="goods"' in html
    assert 'value="funding"' not in html and 'value="expertise"' not in html
    # Every sector is offered.
    for sector in ("business", "umkm", "government", "oms", "academia", "media"):
        assert f'value="{sector}"' in html
    # Labels are tied to their fields, and the interface is in Indonesian.
    assert '<label for="id_organisation_name"' in html
    assert "Nama organisasi" in html
    assert "Kirim proposal" in html


def test_a_single_kind_sought_is_preselected(client, make_campaign, ask_value):
    ask_value["kinds_sought"] = ["expertise"]
    campaign = make_campaign(asks=[("partnership", ask_value)])
    ask = campaign.get_asks()[0]
    html = client.get(campaign.url + f"dukung/{ask.id}/").content.decode()
    assert 'value="expertise" selected' in html
    assert 'value="csr"' not in html


def test_happy_path_saves_the_proposal_and_thanks_the_proposer(client, campaign, ask, pledge_url, valid_data):
    response = client.post(pledge_url, valid_data)
    assert response.status_code == 302
    assert response["Location"].startswith(pledge_url + "?terkirim=")

    proposal = Proposal.objects.get()
    assert proposal.campaign_id == campaign.pk
    assert proposal.ask_id == ask.id
    assert proposal.status == Proposal.Status.NEW
    assert proposal.organisation_name == "PT Cahaya Timur Energi"
    assert proposal.sector == "business"
    assert proposal.kind == "csr"
    assert proposal.name == "Andi Pratama"
    assert proposal.email == "andi@cahayatimur.co.id"
    assert proposal.phone == "0812 3456 7890"
    assert proposal.website == "https://cahayatimur.co.id"
    assert proposal.offer.startswith("Kami menyediakan 20 lampu")
    assert proposal.value_estimate == Decimal("15000000")
    assert isinstance(proposal.value_estimate, Decimal)
    assert proposal.show_publicly is True and proposal.is_anonymous is False
    assert proposal.wants_updates is True
    assert proposal.language == "id"

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    html = thanks.content.decode()
    assert "proposal Anda sudah terkirim" in html
    assert "PT Cahaya Timur Energi" in html
    assert 'role="status"' in html


@pytest.mark.parametrize("estimate", [None, "", "   "])
def test_proposal_without_optional_fields(client, pledge_url, valid_data, estimate):
    for name in ("website", "value_estimate", "show_publicly", "wants_updates"):
        valid_data.pop(name)
    if estimate is not None:
        valid_data["value_estimate"] = estimate
    assert client.post(pledge_url, valid_data).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.website == ""
    assert proposal.value_estimate is None
    assert proposal.show_publicly is False and proposal.is_anonymous is True
    assert proposal.wants_updates is False


def test_records_always_point_at_the_source_campaign(client, campaign, ask, valid_data,
                                                    django_capture_on_commit_callbacks):
    from wagtail.models import Locale

    english = campaign.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    english.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(english.url + f"dukung/{ask.id}/", valid_data)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.campaign_id == campaign.pk
    assert proposal.language == "en"
    # The acknowledgement goes out in the proposer's language.
    assert mail.outbox[0].subject == f"Your partnership proposal for {campaign.title}"


def test_emails_to_the_proposer_and_the_organisation(client, campaign, pledge_url, valid_data,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pledge_url, valid_data)
    assert len(mail.outbox) == 2
    to_proposer, to_oms = mail.outbox
    assert to_proposer.to == ["andi@cahayatimur.co.id"]
    assert to_proposer.subject == f"Proposal kemitraan Anda untuk {campaign.title}"
    assert "Halo Andi Pratama" in to_proposer.body
    assert "Kami menyediakan 20 lampu" in to_proposer.body
    assert "Rp 15.000.000" in to_proposer.body
    assert to_oms.to == ["oms@contoh.id"]
    assert "PT Cahaya Timur Energi" in to_oms.subject
    assert "andi@cahayatimur.co.id" in to_oms.body and "0812 3456 7890" in to_oms.body
    proposal = Proposal.objects.get()
    assert f"/admin/galang-daya/partnership/{proposal.pk}/" in to_oms.body
    # Plain-text emails are not HTML-escaped.
    assert "&amp;" not in to_oms.body and "&quot;" not in to_oms.body


def test_plain_text_email_keeps_ampersands(client, pledge_url, valid_data, django_capture_on_commit_callbacks):
    valid_data["organisation_name"] = "CV Maju & Jaya"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pledge_url, valid_data)
    assert "CV Maju & Jaya" in mail.outbox[1].subject
    assert "CV Maju & Jaya" in mail.outbox[0].body


BAD_INPUTS = [
    ("organisation_name", "", "Tulis nama organisasi Anda."),
    ("organisation_name", " x ", "Tulis nama lengkap organisasi Anda."),
    ("sector", "", "Pilih sektor organisasi Anda."),
    ("sector", "koperasi", "Pilih salah satu sektor dalam daftar."),
    ("kind", "", "Pilih jenis kemitraan yang Anda tawarkan."),
    ("kind", "funding", "Kampanye ini tidak mencari jenis kemitraan tersebut."),
    ("kind", "saham", "Kampanye ini tidak mencari jenis kemitraan tersebut."),
    ("name", "", "Tulis nama orang yang dapat dihubungi."),
    ("email", "", "Tulis alamat email agar organisasi dapat membalas."),
    ("email", "andi@", "Masukkan alamat email yang valid"),
    ("phone", "", "Tulis nomor telepon atau WhatsApp."),
    ("phone", "telepon saya", "Masukkan nomor telepon atau WhatsApp"),
    ("phone", "0812", "Masukkan nomor telepon atau WhatsApp"),
    ("website", "bukan alamat web", "Masukkan alamat web yang valid"),
    ("offer", "", "Jelaskan apa yang ditawarkan organisasi Anda."),
    ("offer", "Kami bantu lampu.", "paling sedikit 30 karakter (Anda menulis 17)"),
    ("value_estimate", "lima juta", "Masukkan jumlah dalam rupiah"),
    ("value_estimate", "0", "Perkiraan nilai harus lebih dari nol."),
    ("value_estimate", "-5.000", "Perkiraan nilai harus lebih dari nol."),
    ("value_estimate", "99.000.000.000.000", "Nilai itu terlalu besar."),
    ("value_estimate", "1" * 30, "Isian ini bukan jumlah rupiah."),
]


@pytest.mark.parametrize("field,value,message", BAD_INPUTS)
def test_bad_input_is_refused_with_a_clear_message_and_kept(client, pledge_url, valid_data, field, value, message,
                                                           django_capture_on_commit_callbacks):
    valid_data[field] = value
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(pledge_url, valid_data)
    assert callbacks == []
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert Proposal.objects.count() == 0
    assert mail.outbox == []
    # What was typed is kept.
    if field != "organisation_name":
        assert 'value="PT Cahaya Timur Energi"' in html
    if field != "offer":
        assert "Kami menyediakan 20 lampu tenaga surya" in html
    if value and field not in ("sector", "kind"):
        assert value.strip() in html
    assert "checked" in html  # the consent checkbox stays ticked


def test_duplicate_open_proposal_answers_the_same_and_writes_nothing(
        client, pledge_url, valid_data, django_capture_on_commit_callbacks):
    """The form does not tell who already proposed: the same answer; the address's owner is told by email."""
    first = client.post(pledge_url, valid_data)
    assert first.status_code == 302
    mail.outbox.clear()
    again = dict(valid_data, email="ANDI@cahayatimur.co.id", organisation_name="PT Cahaya Timur")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(pledge_url, again)
    assert response.status_code == 302 and response["Location"].startswith(pledge_url + "?terkirim=")
    thanks = client.get(response["Location"]).content.decode()
    assert "PT Cahaya Timur" in thanks and "PT Cahaya Timur Energi" not in thanks  # only what was typed
    assert Proposal.objects.count() == 1
    (notice,) = mail.outbox
    assert notice.to == ["andi@cahayatimur.co.id"]


@pytest.mark.parametrize("status", ["discussion"])
def test_duplicate_while_in_discussion_is_not_kept(client, pledge_url, valid_data, make_proposal, status):
    make_proposal(status=status, email="andi@cahayatimur.co.id")
    assert client.post(pledge_url, valid_data).status_code == 302
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize("status", ["agreed", "declined"])
def test_a_new_proposal_is_welcome_once_the_last_is_closed(client, pledge_url, valid_data, make_proposal, status):
    make_proposal(status=status, email="andi@cahayatimur.co.id")
    assert client.post(pledge_url, valid_data).status_code == 302
    assert Proposal.objects.count() == 2


def test_the_same_email_may_propose_for_another_ask(client, make_campaign, ask_value, valid_data):
    campaign = make_campaign(asks=[("partnership", ask_value), ("partnership", dict(ask_value, title="Mitra kedua"))])
    first, second = campaign.get_asks()
    assert client.post(campaign.url + f"dukung/{first.id}/", valid_data).status_code == 302
    assert client.post(campaign.url + f"dukung/{second.id}/", valid_data).status_code == 302
    assert Proposal.objects.count() == 2


def test_database_refuses_a_second_open_proposal(make_proposal):
    from django.db import IntegrityError, transaction

    make_proposal(email="sama@mitra.contoh.id")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_proposal(email="SAMA@mitra.contoh.id")


def test_tampered_receipt_shows_the_form(client, pledge_url):
    response = client.get(pledge_url + "?terkirim=123:palsu")
    assert response.status_code == 200
    assert "Kirim proposal" in response.content.decode()


@pytest.mark.parametrize("fields", [
    {"closed": True},
    {"end_date": timezone.localdate() - datetime.timedelta(days=1),
     "start_date": timezone.localdate() - datetime.timedelta(days=10)},
    {"start_date": timezone.localdate() + datetime.timedelta(days=3)},
])
def test_ended_or_upcoming_campaign_refuses_proposals(client, make_campaign, ask_value, valid_data, fields,
                                                      django_capture_on_commit_callbacks):
    campaign = make_campaign(asks=[("partnership", ask_value)], **fields)
    ask = campaign.get_asks()[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(campaign.url + f"dukung/{ask.id}/", valid_data)
    assert response.status_code == 409
    assert Proposal.objects.count() == 0
    assert mail.outbox == []


def test_unknown_ask_is_404(client, campaign, valid_data):
    assert client.post(campaign.url + "dukung/tidak-ada/", valid_data).status_code == 404


def test_interface_strings_are_translated_to_indonesian():
    with translation.override("id"):
        assert str(Proposal.Kind.FUNDING.label) == "Pendanaan"
        assert str(Proposal.Sector.UMKM.label) == "Usaha mikro, kecil, dan menengah (UMKM)"
        assert str(Proposal.Status.DISCUSSION.label) == "Dalam pembahasan"
    with translation.override("en"):
        assert str(Proposal.Status.DISCUSSION.label) == "In discussion"
