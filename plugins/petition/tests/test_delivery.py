"""Recording a petition's delivery: the admin form and who may use it, the OMS's to-do list, the public
line under the ask (Indonesian and English, same queries, cache purged), the signers' email."""
import datetime
import logging

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale

from campaigns.models import CampaignPage
from campaigns.plugins import registry
from campaigns.progress import measure, prefetch_progress
from plugins.petition.models import PetitionDelivery, Signature
from regions.models import Regency

from .helpers import ASK

pytestmark = pytest.mark.django_db

User = get_user_model()
SECOND = {**ASK, "title": "Petisi kedua", "decision_maker": "Kepala Dinas Kesehatan", "goal": 1000}


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("petition", ASK), ("petition", SECOND)], title="Paralegal Desa", slug="paralegal")


@pytest.fixture
def asks(campaign):
    return campaign.get_asks()


@pytest.fixture
def sign(campaign):
    regency = Regency.objects.get(code="53.12")

    def make(n, ask=0, status=Signature.Status.CONFIRMED, wants_updates=False, prefix="penanda", language="id"):
        ask_id = campaign.get_asks()[ask].id
        return [Signature.objects.create(
            campaign=campaign, ask_id=ask_id, name=f"{prefix.title()} {i}", email=f"{prefix}{i}@contoh.id",
            regency=regency, status=status, wants_updates=wants_updates, language=language,
            confirmed_at=timezone.now() if status == Signature.Status.CONFIRMED else None) for i in range(n)]

    return make


@pytest.fixture
def editor(organisation, make_editor):
    return make_editor(organisation)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def form_url(campaign, ask):
    return f"/admin/petisi/{campaign.pk}/{ask.id}/penyerahan/"


def valid(**fields):
    data = {"delivered_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
            "delivered_to": "Bupati Sumba Barat, Drs. Yohanes Dade", "signatures_delivered": "4",
            "note": "Diserahkan di kantor bupati bersama kepala desa.", "response": ""}
    data.update(fields)
    return data


def post(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data)


def id_text(message, **params):
    """The Indonesian text of an English msgid, whatever the catalogue holds today."""
    with translation.override("id"):
        text = str(translation.gettext(message))
    return text % params if params else text


# --- The form ---------------------------------------------------------------------------------


def test_an_editor_records_a_delivery(campaign, asks, editor, sign, django_capture_on_commit_callbacks):
    sign(4)
    sign(2, status=Signature.Status.PENDING, prefix="menunggu")
    client = client_for(editor)
    page = client.get(form_url(campaign, asks[0]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bupati Sumba Barat" in body  # the decision maker is offered as the recipient
    assert 'name="signatures_delivered" value="4"' in body  # the confirmed count, not the pending ones
    assert f'value="{timezone.localdate().isoformat()}"' in body
    assert f"/admin/galang-daya/petition/?campaign={campaign.pk}&amp;ask={asks[0].id}&amp;status=confirmed" in body

    response = post(client, form_url(campaign, asks[0]), valid(), django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == form_url(campaign, asks[0])
    delivery = PetitionDelivery.objects.get()
    assert (delivery.campaign_id, delivery.ask_id, delivery.signatures_delivered) == (campaign.pk, asks[0].id, 4)
    assert delivery.delivered_to == "Bupati Sumba Barat, Drs. Yohanes Dade" and delivery.recorded_by == editor
    assert delivery.delivered_on == timezone.localdate() - datetime.timedelta(days=2)
    again = client.get(form_url(campaign, asks[0])).content.decode()
    assert "Diserahkan di kantor bupati" in again and id_text("Save changes") in again


def test_signatures_left_empty_are_the_confirmed_count(campaign, asks, editor, sign,
                                                       django_capture_on_commit_callbacks):
    sign(3)
    post(client_for(editor), form_url(campaign, asks[0]), valid(signatures_delivered=""),
         django_capture_on_commit_callbacks)
    assert PetitionDelivery.objects.get().signatures_delivered == 3


def test_bad_input_is_refused_clearly_and_nothing_typed_is_lost(campaign, asks, editor, sign,
                                                                django_capture_on_commit_callbacks):
    sign(1)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = valid(delivered_on=tomorrow, delivered_to="   ", signatures_delivered="-3",
                 note="Catatan yang tidak boleh hilang", response="Tanggapan yang tidak boleh hilang")
    response = post(client_for(editor), form_url(campaign, asks[0]), data, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert not PetitionDelivery.objects.exists()
    body = response.content.decode()
    form = response.context["form"]
    assert set(form.errors) == {"delivered_on", "delivered_to", "signatures_delivered"}
    assert form.errors["delivered_on"] == [id_text("The delivery date cannot be in the future.")]
    assert form.errors["delivered_to"] == [id_text("Enter who received the petition: name and office.")]
    for typed in (tomorrow, "Catatan yang tidak boleh hilang", "Tanggapan yang tidak boleh hilang", "-3"):
        assert typed in body, typed
    assert 'role="alert"' in body

    nonsense = post(client_for(editor), form_url(campaign, asks[0]), valid(delivered_on="31/31/2026"),
                    django_capture_on_commit_callbacks)
    assert nonsense.status_code == 400 and "31/31/2026" in nonsense.content.decode()
    assert nonsense.context["form"].errors["delivered_on"] == [id_text("Enter a valid date, e.g. 2026-12-31.")]
    assert not PetitionDelivery.objects.exists()


def test_one_delivery_per_ask_edited_later_with_the_response(campaign, asks, editor, organisation, make_editor,
                                                            sign, django_capture_on_commit_callbacks):
    sign(2)
    client = client_for(editor)
    post(client, form_url(campaign, asks[0]), valid(), django_capture_on_commit_callbacks)
    colleague = make_editor(organisation, username="rekan-oms")
    response = post(client_for(colleague), form_url(campaign, asks[0]),
                    valid(response="Bupati berjanji memasukkan paralegal desa ke APBD 2027."),
                    django_capture_on_commit_callbacks)
    assert response.status_code == 302
    delivery = PetitionDelivery.objects.get()
    assert delivery.response.startswith("Bupati berjanji") and delivery.recorded_by == editor
    post(client, form_url(campaign, asks[1]), valid(delivered_to="Kepala Dinas Kesehatan"),
         django_capture_on_commit_callbacks)
    assert sorted(PetitionDelivery.objects.values_list("ask_id", flat=True)) == sorted(a.id for a in asks)


def test_the_log_names_nobody(campaign, asks, editor, sign, caplog, django_capture_on_commit_callbacks):
    sign(2, wants_updates=True)
    with caplog.at_level(logging.DEBUG):
        post(client_for(editor), form_url(campaign, asks[0]), valid(response="Tanggapan rahasia"),
             django_capture_on_commit_callbacks)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert str(PetitionDelivery.objects.get().pk) in logged
    for personal in ("Yohanes", "Tanggapan rahasia", "penanda0@contoh.id", editor.username, "Diserahkan di kantor"):
        assert personal not in logged


# --- Who may -----------------------------------------------------------------------------------


def test_who_may_record_a_delivery(campaign, asks, editor, make_organisation, make_editor, sign,
                                   django_capture_on_commit_callbacks):
    from network.models import ProvincialNetwork

    sign(1)
    other_editor = make_editor(make_organisation(slug="oms-lain", regency_code="33.74"), username="editor-lain")
    moderator = User.objects.create_user("moderator-jateng", password="rahasia-123")
    ProvincialNetwork.objects.get(province__code="33").moderators.add(moderator)  # the campaign's own province
    public = User.objects.create_user("warga", password="rahasia-123")
    url = form_url(campaign, asks[0])
    for user in (other_editor, moderator, public):
        client = client_for(user)
        # A 404 for admin users who may not edit the campaign; the admin's refusal for the public.
        assert client.get(url).status_code == (404 if user is not public else 302), user.username
        response = post(client, url, valid(), django_capture_on_commit_callbacks)
        assert response.status_code in (404, 302) and not PetitionDelivery.objects.exists(), user.username
    anonymous = Client()
    response = anonymous.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert post(anonymous, url, valid(), django_capture_on_commit_callbacks).status_code == 302
    assert not PetitionDelivery.objects.exists()

    # The campaign's own editor: not for an ask that does not exist or is not a petition, nor the English page.
    mine = client_for(editor)
    assert mine.get(f"/admin/petisi/{campaign.pk}/tidak-ada/penyerahan/").status_code == 404
    english = campaign.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    assert mine.get(form_url(english, asks[0])).status_code == 404
    assert mine.get(url).status_code == 200
    admin = User.objects.create_superuser("nasional", "nasional@lokadaya.id", "rahasia-123")
    assert client_for(admin).get(url).status_code == 200


def test_not_a_petition_ask(make_campaign, organisation, editor):
    from decimal import Decimal

    campaign = make_campaign(asks=[("donation", {"title": "Donasi", "description": "", "target": Decimal("1000000"),
                                                 "minimum": Decimal("10000"), "suggested_amounts": [50000]})],
                             slug="donasi")
    ask = campaign.get_asks()[0]
    assert client_for(editor).get(form_url(campaign, ask)).status_code == 404


# --- The OMS's to-do list ------------------------------------------------------------------------


def todo(campaign):
    campaigns = prefetch_progress([CampaignPage.objects.get(pk=campaign.pk)])
    with CaptureQueriesContext(connection) as queries:
        items = registry.call("petition", "dashboard_todo", campaigns=campaigns)
    assert len(queries) == 0  # the deliveries come with the progress
    return items


def test_a_delivered_petition_leaves_the_to_do_list(campaign, asks, editor, sign, django_capture_on_commit_callbacks):
    sign(4)  # the first petition reached its goal of 4
    sign(1, ask=1, prefix="kedua")  # the second has not (1 of 1000) and the campaign runs on
    items = todo(campaign)
    assert [(item.count, item.url) for item in items] == [(4, form_url(campaign, asks[0]))]
    national = User.objects.create_superuser("nasional", "nasional@lokadaya.id", "rahasia-123")
    dashboard = client_for(national).get(f"/admin/dasbor/oms/{campaign.get_parent().pk}/")
    assert dashboard.status_code == 200 and form_url(campaign, asks[0]) in dashboard.content.decode()
    post(client_for(editor), form_url(campaign, asks[0]), valid(), django_capture_on_commit_callbacks)
    assert todo(campaign) == []


def test_an_ended_campaign_lists_each_undelivered_petition(campaign, asks, sign):
    sign(1)
    sign(1, ask=1, prefix="kedua")
    CampaignPage.objects.filter(pk=campaign.pk).update(end_date=timezone.localdate() - datetime.timedelta(days=2))
    assert [item.url for item in todo(campaign)] == [form_url(campaign, a) for a in asks]
    PetitionDelivery.objects.create(campaign=campaign, ask_id=asks[1].id, delivered_on=timezone.localdate(),
                                    delivered_to="Kepala Dinas", signatures_delivered=1)
    assert [item.url for item in todo(campaign)] == [form_url(campaign, asks[0])]


# --- The public page -----------------------------------------------------------------------------


def deliver(campaign, ask, **fields):
    fields = {"delivered_on": datetime.date(2026, 11, 3), "delivered_to": "Bupati Sumba Barat",
              "signatures_delivered": 1250, **fields}
    return PetitionDelivery.objects.create(campaign=campaign, ask_id=ask.id, **fields)


def expected_line(language, delivery, date_text):
    with translation.override(language):
        line = translation.gettext("Delivered to %(recipient)s on %(date)s: %(count)s signatures")
        return line % {"recipient": delivery.delivered_to, "date": date_text,
                       "count": "1.250" if language == "id" else "1,250"}


def test_the_campaign_page_shows_the_delivery_in_both_languages(client, campaign, asks, sign):
    from editorial.gate import publishing_without_review

    sign(2)
    delivery = deliver(campaign, asks[0], response="Bupati berjanji memasukkan paralegal ke APBD.")
    body = client.get(campaign.url).content.decode()
    line = expected_line("id", delivery, "3 November 2026")
    assert line in body
    assert "Bupati berjanji memasukkan paralegal ke APBD." in body
    assert body.count('class="small ask-note"') == 1  # the second petition is not delivered

    english = campaign.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    with publishing_without_review("test: an English campaign"):
        english.save_revision().publish()
    english = CampaignPage.objects.get(pk=english.pk)
    body = client.get(english.url).content.decode()
    assert expected_line("en", delivery, "3 November 2026") in body
    with translation.override("en"):
        assert translation.gettext("Response: %(response)s") % {"response": delivery.response} in body


def test_a_single_signature_is_said_in_the_singular(campaign, asks):
    deliver(campaign, asks[0], signatures_delivered=1, note="Lewat pos.")
    with translation.override("en"):
        progress = measure([campaign])[0][0][2]
    assert progress.note == "Delivered to Bupati Sumba Barat on 3 November 2026: 1 signature\nLewat pos."


def test_the_per_ask_hook_and_the_batch_agree_in_one_query(campaign, asks, sign):
    sign(3)
    deliver(campaign, asks[1], signatures_delivered=7, response="Akan dipelajari.")
    with CaptureQueriesContext(connection) as queries:
        single = registry.call("petition", "ask_progress", campaign=campaign, asks=asks)
    assert len(queries) == 1
    batched = {ask.id: progress for ask, _t, progress in measure([campaign])[0]}
    assert single == batched
    assert single[asks[0].id].delivery is None and single[asks[0].id].note == ""
    assert (single[asks[1].id].delivery.signatures, single[asks[1].id].delivery.response) == (7, "Akan dipelajari.")
    assert single[asks[0].id].current == 3  # the delivery is not a signature


def page_queries(client, url):
    with override_settings(LOKADAYA_PAGE_CACHE=False):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
    return len(queries)


def test_the_delivery_costs_the_page_no_query(client, campaign, asks, sign):
    sign(5)
    before = page_queries(client, campaign.url)
    deliver(campaign, asks[0])
    deliver(campaign, asks[1], response="Kami tindak lanjuti.", note="Di balai desa.")
    after = page_queries(client, campaign.url)
    assert before == after
    assert "Kami tindak lanjuti." in client.get(campaign.url).content.decode()


def test_saving_a_delivery_purges_the_kept_page(campaign, asks, editor, sign, django_capture_on_commit_callbacks):
    sign(2)
    visitor = Client()
    assert visitor.get(campaign.url).headers.get("X-Page-Cache") == "miss"
    assert visitor.get(campaign.url).headers.get("X-Page-Cache") == "hit"
    post(client_for(editor), form_url(campaign, asks[0]), valid(delivered_to="Bupati Penerima Petisi"),
         django_capture_on_commit_callbacks)
    fresh = Client().get(campaign.url)
    assert fresh.headers.get("X-Page-Cache") == "miss"
    assert "Bupati Penerima Petisi" in fresh.content.decode()
    assert Client().get(campaign.url).headers.get("X-Page-Cache") == "hit"
    # ...and again when the response is added later.
    post(client_for(editor), form_url(campaign, asks[0]),
         valid(delivered_to="Bupati Penerima Petisi", response="Tanggapan yang baru datang"),
         django_capture_on_commit_callbacks)
    assert "Tanggapan yang baru datang" in Client().get(campaign.url).content.decode()


# --- The signers hear of it, once ------------------------------------------------------------------


def test_signers_who_asked_for_updates_are_told_once(campaign, asks, editor, sign,
                                                     django_capture_on_commit_callbacks):
    from editorial.models import UpdateOptOut

    sign(3, wants_updates=True, prefix="kabari")
    sign(1, wants_updates=True, prefix="inggris", language="en")
    sign(2, wants_updates=False, prefix="diam")
    sign(1, wants_updates=True, prefix="menunggu", status=Signature.Status.PENDING)
    sign(1, ask=1, wants_updates=True, prefix="lain")  # the other petition
    UpdateOptOut.objects.create(email="kabari2@contoh.id", campaign=campaign)
    mail.outbox.clear()
    post(client_for(editor), form_url(campaign, asks[0]), valid(), django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["inggris0@contoh.id", "kabari0@contoh.id", "kabari1@contoh.id"]
    english = next(m for m in mail.outbox if m.to == ["inggris0@contoh.id"])
    assert "Bupati Sumba Barat, Drs. Yohanes Dade" in english.body and ASK["title"] in english.subject
    assert "/berhenti/" in english.body and campaign.slug in english.body
    assert f"on {(timezone.localdate() - datetime.timedelta(days=2)):%-d %B %Y}, with 4 signatures" in english.body
    assert "Diserahkan di kantor bupati" in english.body  # the public note
    assert PetitionDelivery.objects.get().signers_notified_at is not None
    mail.outbox.clear()
    post(client_for(editor), form_url(campaign, asks[0]), valid(response="Sudah ditanggapi."),
         django_capture_on_commit_callbacks)
    assert mail.outbox == []
