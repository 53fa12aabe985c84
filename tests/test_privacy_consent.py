"""Consents on record and their withdrawal (UU PDP): a real pledge on every installed support type
writes its three consents with the notice's version; the signed link in every email shows them
(GET changes nothing) and withdraws them (POST): news stops, the wall says "Anonim"; a forged link
is refused; the donor's own page withdraws the same way."""
import re

import pytest
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from campaigns.plugins import registry
from editorial.models import UpdateOptOut
from editorial.updates import update_recipients
from privacy.consent import notices, withdrawal
from privacy.consent.records import for_support_record
from privacy.consent.testing import every_type_campaign, fill, main_form  # noqa: F401 (fixture)
from privacy.consent.tokens import make_consent_token
from privacy.models import Consent
from privacy.subjects import Subject

pytestmark = pytest.mark.django_db

SARI = "sari.dewi@contoh.id"


def in_indonesian(text):
    with translation.override("id"):
        return str(gettext(text))


def record_model(key):
    return registry.call(key, "records_admin").model


def pledge(client, campaign, key, email=SARI, **overrides):
    """Post the type's real pledge form as a person would; the record it made."""
    ask = next(a for a in campaign.get_asks() if a.type_key == key)
    url = campaign.pledge_url(ask)
    page = client.get(url)
    assert page.status_code == 200, (key, page.status_code)
    data = {**fill(main_form(page.content.decode()), email=email), **overrides}
    model = record_model(key)
    before = set(model.objects.values_list("pk", flat=True))
    response = client.post(url, data)
    assert response.status_code in (200, 302, 303), (key, response.status_code, response.content.decode()[:3000])
    made = model.objects.exclude(pk__in=before)
    assert made.count() == 1, (key, response.status_code, re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</',
                                                                     response.content.decode(), re.DOTALL))
    return made.get()


def test_a_real_pledge_of_every_installed_type_writes_its_three_consents(client, every_type_campaign):
    campaign = every_type_campaign
    version = notices.current_version()
    keys = [ask.type_key for ask in campaign.get_asks()]
    assert set(keys) == {t.key for t in registry.installed_types()}, keys  # every type, the example plugin too
    for index, key in enumerate(keys):
        email = f"Pendukung.{index}@Contoh.ID"
        record = pledge(client, campaign, key, email=email)
        rows = {row.purpose: row for row in Consent.objects.filter(record_type=record._meta.label_lower,
                                                                     record_id=str(record.pk))}
        assert set(rows) == {"processing", "updates", "public_name"}, (key, rows)
        for row in rows.values():
            assert row.email == email.lower() and row.notice_version == version, (key, row.email)
            assert row.source == key and row.campaign_id == campaign.pk
            assert row.organisation_id == campaign.get_parent().pk
            assert row.subject == Subject.of(email, record.phone).key
        assert rows["processing"].granted
        assert rows["updates"].granted is record.wants_updates is True, key  # ticked on the form
        assert rows["public_name"].granted is (not record.is_anonymous and bool(record.name)), key


def test_refused_choices_are_recorded_as_refused(client, every_type_campaign):
    record = pledge(client, every_type_campaign, "volunteering", wants_updates="", is_anonymous="on")
    rows = dict(Consent.objects.filter(record_id=str(record.pk), record_type=record._meta.label_lower)
                .values_list("purpose", "granted"))
    assert rows == {"processing": True, "updates": False, "public_name": False}


def test_consents_cost_a_fixed_number_of_queries(client, every_type_campaign):
    record = pledge(client, every_type_campaign, "volunteering")
    with CaptureQueriesContext(connection) as queries:
        for_support_record(record)
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "privacy_consent"')]
    assert len(inserts) == 1 and len(queries) <= 4, [q["sql"][:120] for q in queries.captured_queries]


# -- withdrawal by the link in every email ------------------------------------------------------------


def consent_link_from(body):
    found = re.search(r"http://[^/\s]+(/id/privasi/persetujuan/[^/\s]+/)", body)
    assert found, body
    return found.group(1)


def test_every_email_carries_the_consent_link_and_it_withdraws_only_on_post(every_type_campaign,
                                                                         django_capture_on_commit_callbacks):
    campaign = every_type_campaign
    visitor = Client()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record = pledge(visitor, campaign, "volunteering")
    assert record.wants_updates and not record.is_anonymous and record.name == "Sari Dewi"
    # The wall names her (a kept page: its purge is part of the test).
    assert "Sari Dewi" in Client().get(campaign.url).content.decode()
    assert SARI in update_recipients([campaign.pk])
    # The confirmation email ends with her consent link, in her language.
    to_her = [m for m in mail.outbox if m.to == [SARI]]
    assert to_her, [m.to for m in mail.outbox]
    assert in_indonesian("Manage your consents and personal data: %(link)s").split(":")[0] in to_her[0].body
    link = consent_link_from(to_her[0].body)

    page = Client().get(link)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    body = page.content.decode()
    assert f'data-consent="updates:{campaign.pk}"' in body and f'data-consent="public_name:{campaign.pk}"' in body
    # Opening the link (a mail scanner) withdrew nothing.
    record.refresh_from_db()
    assert record.wants_updates and not record.is_anonymous
    assert not Consent.objects.filter(withdrawn_at__isnull=False).exists() and not UpdateOptOut.objects.exists()

    response = Client().post(link, {"consent": "all"})  # no CSRF token: the signed link is the authority
    assert response.status_code == 200
    assert 'id="consent-withdrawn"' in response.content.decode()
    record.refresh_from_db()
    assert not record.wants_updates and record.is_anonymous
    assert UpdateOptOut.objects.filter(email=SARI, campaign=campaign).exists()
    assert SARI not in update_recipients([campaign.pk])  # story updates stop
    withdrawn = Consent.objects.filter(email=SARI, purpose__in=["updates", "public_name"])
    assert withdrawn.count() == 2 and not withdrawn.filter(withdrawn_at__isnull=True).exists()
    assert Consent.objects.get(email=SARI, purpose="processing").withdrawn_at is None  # not optional
    wall = Client().get(campaign.url).content.decode()
    assert "Sari Dewi" not in wall and in_indonesian("Anonymous") in wall
    assert withdrawal.active_choices(SARI) == []
    assert 'id="no-consents"' in Client().get(link).content.decode()


def test_one_button_withdraws_one_consent_of_one_campaign(every_type_campaign, make_campaign):
    from plugins.volunteering.models import VolunteerSignup  # noqa: F401 - the type under test

    first = every_type_campaign
    second = make_campaign(asks=[("volunteering", dict(next(a for a in first.get_asks()
                                                           if a.type_key == "volunteering").value))],
                           title="Kampanye Kedua", slug="kampanye-kedua")
    one, two = pledge(Client(), first, "volunteering"), pledge(Client(), second, "volunteering")
    link = f"/id/privasi/persetujuan/{make_consent_token(SARI)}/"
    response = Client().post(link, {"consent": f"updates:{first.pk}"})
    assert response.status_code == 200
    one.refresh_from_db()
    two.refresh_from_db()
    assert not one.wants_updates and not one.is_anonymous  # only news, only from the first
    assert two.wants_updates and not two.is_anonymous
    assert list(UpdateOptOut.objects.values_list("campaign_id", flat=True)) == [first.pk]
    assert {c.key for c in withdrawal.active_choices(SARI)} == {
        f"public_name:{first.pk}", f"updates:{second.pk}", f"public_name:{second.pk}"}
    # A button for something already withdrawn, or made up: a translated error, nothing changed.
    again = Client().post(link, {"consent": f"updates:{first.pk}"})
    assert again.status_code == 400
    assert in_indonesian("Choose a consent to withdraw: it may have been withdrawn already.") in \
        again.content.decode()
    two.refresh_from_db()
    assert two.wants_updates


def test_a_forged_or_foreign_token_is_refused_with_a_translated_error(every_type_campaign):
    record = pledge(Client(), every_type_campaign, "volunteering")
    good = make_consent_token(SARI)
    forged = good[:-3] + ("abc" if not good.endswith("abc") else "xyz")
    from editorial.tokens import make_unsubscribe_token

    foreign = make_unsubscribe_token(SARI, [every_type_campaign.pk])  # another link's salt
    handmade = signing.dumps({"e": SARI}, salt="something-else", compress=True)
    message = in_indonesian("This link is not valid. Copy the whole link from the email, or ask for your data in "
                            "the privacy centre.")
    for token in (forged, foreign, handmade, "bukan-token"):
        for method in ("get", "post"):
            response = getattr(Client(), method)(f"/id/privasi/persetujuan/{token}/", {"consent": "all"})
            assert response.status_code == 400, (token, method)
            assert message in response.content.decode()
    record.refresh_from_db()
    assert record.wants_updates and not record.is_anonymous
    assert not Consent.objects.filter(withdrawn_at__isnull=False).exists() and not UpdateOptOut.objects.exists()


def test_a_monthly_plan_follows_a_withdrawn_public_name(every_type_campaign):
    """The next monthly charge copies the plan's choices: the plan must follow the withdrawal."""
    from plugins.donation.recurring.models import RecurringDonation

    campaign = every_type_campaign
    ask = next(a for a in campaign.get_asks() if a.type_key == "donation")
    plan = RecurringDonation.objects.create(campaign=campaign, ask_id=ask.id, name="Sari Dewi", email=SARI,
                                            wants_updates=True, amount=50000, method="dummy", charge_day=5)
    assert {c.key for c in withdrawal.active_choices(SARI)} == set()  # a plan is not a record of support
    pledge(Client(), campaign, "volunteering")
    withdrawal.withdraw(SARI, withdrawal.active_choices(SARI))
    plan.refresh_from_db()
    assert plan.is_anonymous and not plan.wants_updates


# -- the donor's own page -----------------------------------------------------------------------------


def test_the_donor_page_lists_and_withdraws_the_signed_in_address_consents(every_type_campaign):
    from donors import links
    from donors.models import DonorAccount

    campaign = every_type_campaign
    record = pledge(Client(), campaign, "volunteering")
    other = pledge(Client(), campaign, "volunteering", email="orang.lain@contoh.id")
    donor = Client()
    token = links.make_token(SARI, DonorAccount.objects.filter(email=SARI).first())
    assert donor.post(f"/id/akun/masuk/{token}/").status_code == 302
    page = donor.get("/id/akun/")
    body = page.content.decode()
    assert page.status_code == 200 and 'id="consents-heading"' in body
    assert f'data-consent="updates:{campaign.pk}"' in body and f'data-consent="public_name:{campaign.pk}"' in body
    # A POST names a consent key only: the address is the session's, never the request's.
    response = donor.post("/id/akun/", {"consent": f"public_name:{campaign.pk}", "email": "orang.lain@contoh.id"})
    assert response.status_code == 302 and response["Location"].startswith("/id/akun/?persetujuan=ditarik")
    record.refresh_from_db()
    other.refresh_from_db()
    assert record.is_anonymous and record.wants_updates
    assert not other.is_anonymous  # someone else's record is never touched
    assert Consent.objects.get(email=SARI, purpose="public_name").withdrawn_at is not None
    after = donor.get(response["Location"]).content.decode()
    assert f'data-consent="public_name:{campaign.pk}"' not in after and f'data-consent="updates:{campaign.pk}"' in after
    assert donor.post("/id/akun/", {"consent": "all"}).status_code == 302
    record.refresh_from_db()
    assert not record.wants_updates
    # Not signed in: the sign-in page, nothing withdrawn.
    assert Client().post("/id/akun/", {"consent": "all"}).status_code == 302
    other.refresh_from_db()
    assert other.wants_updates


def test_core_forms_record_what_they_ask(every_type_campaign):
    """``for_form``: the API the core forms call (an event registration asks nothing optional; a form
    that asks for news records the answer)."""
    from privacy.consent.records import for_form

    campaign = every_type_campaign
    rows = for_form(source="event", email=" Peserta@Contoh.ID ", phone="0812-3456-7890")
    assert [(r.purpose, r.granted) for r in rows] == [("processing", True)]
    stored = Consent.objects.get(source="event")
    assert stored.email == "peserta@contoh.id" and stored.notice_version == notices.current_version()
    assert stored.subject == Subject.of("peserta@contoh.id", "0812-3456-7890").key and stored.campaign_id is None
    rows = for_form(source="fundraiser", email="penggalang@contoh.id", campaign=campaign, updates=False)
    assert {(r.purpose, r.granted) for r in rows} == {("processing", True), ("updates", False)}
    assert {r.organisation_id for r in Consent.objects.filter(source="fundraiser")} == {campaign.get_parent().pk}
