"""Retention (issue 19, UU PDP): supporters' personal data is anonymised a set time after the campaign
ended, money records later; the daily job, the command and the national admins' settings.

Two kinds of checks: a fake plugin registered here shows what the core asks of every plugin (which
campaigns, with or without money); real records of every installed type (donations, goods...) show
what the built-in plugins' ``expire_personal_data`` hooks do with it.
"""
import datetime
import io
from decimal import Decimal
from types import ModuleType

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation

from campaigns.hookspecs import hookimpl
from campaigns.models import CampaignPage
from campaigns.plugins import registry
from editorial.models import StoryUpdateDelivery, StoryUpdateDispatch, UpdateOptOut
from editorial.testing import add_demo_records, every_type_asks, make_story  # noqa: F401 - fixture
from partners.testing import PASSWORD, make_moderator, make_verified_oms  # noqa: F401 - fixtures
from privacy.models import SETTINGS_CACHE_KEY, Consent, PrivacySettings, RetentionRun
from privacy.retention import service
from privacy.retention.service import campaigns_due, months_before

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PLEDGE_CUTOFF = months_before(TODAY, 24)  # the default policy: 24 months, 10 years
MONEY_CUTOFF = months_before(TODAY, 120)
DAY = datetime.timedelta(days=1)
INKIND = ("inkind", {
    "title": "Bahan tandon", "description": "", "items": [{"name": "Semen", "unit": "sak", "quantity": 20}],
    "drop_off_address": "Balai Dusun", "drop_off_hours": "08.00–16.00", "drop_off_details": "", "allows_pick_up": True,
})
DONATION = ("donation", {"title": "Donasi tandon", "target": Decimal("5000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000], "allow_monthly": False})


@pytest.fixture(autouse=True)
def _fresh_policy(settings):
    settings.LOKADAYA_PAGE_CACHE = False
    cache.delete(SETTINGS_CACHE_KEY)
    cache.delete(service.LAST_RUN_CACHE_KEY)
    yield
    cache.delete(SETTINGS_CACHE_KEY)
    cache.delete(service.LAST_RUN_CACHE_KEY)


def _ended(make_campaign, slug, end_date=None, closed=False, asks=(INKIND, DONATION), **fields):
    start = (end_date or TODAY) - datetime.timedelta(days=400)
    return make_campaign(asks=list(asks), slug=slug, title=slug.replace("-", " ").title(), start_date=start,
                         end_date=end_date, closed=closed, **fields)


def _published_at(campaign, day):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    CampaignPage.objects.filter(pk=campaign.pk).update(last_published_at=moment)


def _ask(campaign, key):
    return next(ask for ask in campaign.get_asks() if ask.type_key == key)


def pledge_goods(campaign, name, email):
    from plugins.inkind.items import ask_items
    from plugins.inkind.models import InKindPledge

    ask = _ask(campaign, "inkind")
    item = ask_items(ask.value)[0]
    return InKindPledge.objects.create(
        campaign=campaign, ask_id=ask.id, item_key=item.key, item_name=item.name, unit=item.unit, quantity=3,
        status=InKindPledge.Status.PLEDGED, delivery=InKindPledge.Delivery.PICK_UP, delivery_date=TODAY,
        address="Jl. Melati 3, Dusun Kali", note="Ambil sore", name=name, email=email, phone="0812 1111 2222")


def donate(campaign, name, email, amount="150000"):
    from plugins.donation.models import Donation, Payment

    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount), status="confirmed",
                                     billing_email=email)
    return Donation.objects.create(campaign=campaign, ask_id=_ask(campaign, "donation").id, amount=Decimal(amount),
                                   payment=payment, name=name, email=email, phone="0813 3333 4444",
                                   message="Semoga lancar", status=Donation.Status.CONFIRMED,
                                   received_amount=Decimal(amount))


def consent(campaign, email, source):
    return Consent.objects.create(email=email, phone="081255556666", purpose=Consent.Purpose.PROCESSING,
                                  granted=True, notice_version=1, source=source, campaign=campaign)


class FakePlugin:
    """A third party's plugin: records what retention asks of it and answers a count."""

    def __init__(self):
        self.calls = []
        self.module = ModuleType("retention_probe")

        @hookimpl
        def expire_personal_data(campaign_ids, include_money):
            self.calls.append((sorted(campaign_ids), include_money))
            return len(campaign_ids)

        self.module.expire_personal_data = expire_personal_data

    def asked(self, include_money):
        return sorted(pk for ids, money in self.calls if money == include_money for pk in ids)


@pytest.fixture
def probe():
    plugin = FakePlugin()
    registry.hook  # loaded
    registry.manager.register(plugin.module, name="retention_probe")
    yield plugin
    registry.manager.unregister(plugin.module)


@pytest.fixture
def w(make_campaign, organisation):
    """Campaigns on both sides of each period's edge."""
    class World:
        pass

    from reports.models import CampaignStanding

    w = World()
    w.organisation = organisation
    w.old = _ended(make_campaign, "lama", PLEDGE_CUTOFF - DAY)  # one day past the 24 months
    w.edge = _ended(make_campaign, "tepat", PLEDGE_CUTOFF)  # exactly 24 months ago: not yet
    w.recent = _ended(make_campaign, "baru-usai", TODAY - datetime.timedelta(days=40))
    w.running = _ended(make_campaign, "berjalan", TODAY + datetime.timedelta(days=30))
    w.open_ended = _ended(make_campaign, "tanpa-akhir", None)  # neither an end date nor closed: never ended
    _published_at(w.open_ended, PLEDGE_CUTOFF - 400 * DAY)
    w.closed_long_ago = _ended(make_campaign, "ditutup-lama", None, closed=True)
    _published_at(w.closed_long_ago, PLEDGE_CUTOFF - 3 * DAY)
    w.closed_lately = _ended(make_campaign, "ditutup-baru", None, closed=True)
    _published_at(w.closed_lately, TODAY - 10 * DAY)
    w.closed_by_moderators = _ended(make_campaign, "ditutup-moderator", None)
    CampaignStanding.objects.create(campaign=w.closed_by_moderators, state=CampaignStanding.State.CLOSED)
    CampaignStanding.objects.filter(campaign=w.closed_by_moderators).update(
        changed_at=timezone.now() - datetime.timedelta(days=3 * 365))
    w.ancient = _ended(make_campaign, "sangat-lama", MONEY_CUTOFF - DAY)  # past the 10 years too
    w.ancient_edge = _ended(make_campaign, "sepuluh-tahun", MONEY_CUTOFF)
    return w


# -- which campaigns ---------------------------------------------------------------------------------


def test_months_before_keeps_to_the_calendar():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2024, 5, 20), 24) == datetime.date(2022, 5, 20)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)
    assert months_before(datetime.date(2028, 2, 29), 120) == datetime.date(2018, 2, 28)


def test_campaigns_due_by_end_date_closing_and_the_edge_day(w):
    pledge, money = campaigns_due(TODAY)
    assert pledge == {w.old.pk, w.closed_long_ago.pk, w.closed_by_moderators.pk, w.ancient.pk, w.ancient_edge.pk}
    assert money == {w.ancient.pk}
    # The edge: a campaign that ended exactly 24 months (10 years) ago is due the next day.
    pledge, money = campaigns_due(TODAY + DAY)
    assert w.edge.pk in pledge and w.recent.pk not in pledge
    assert money == {w.ancient.pk, w.ancient_edge.pk}
    # Never ended: no end date and not closed, whatever its age; still running.
    for day in (TODAY, TODAY + 3650 * DAY):
        pledge, _money = campaigns_due(day)
        assert w.open_ended.pk not in pledge
    assert w.running.pk not in campaigns_due(TODAY)[0]
    assert w.running.pk in campaigns_due(months_before(TODAY, -25) + 30 * DAY)[0]


def test_campaigns_due_follow_the_policy_and_only_source_pages(w):
    from wagtail.models import Locale

    PrivacySettings.objects.create(pledge_retention_months=1, money_retention_years=10)
    pledge, _money = campaigns_due(TODAY)
    assert w.recent.pk in pledge  # ended 40 days ago: past one month
    assert w.closed_lately.pk not in pledge  # closed 10 days ago: not yet
    english = w.old.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    assert english.pk not in campaigns_due(TODAY)[0]


# -- the run -------------------------------------------------------------------------------------------


def test_run_asks_every_plugin_with_and_without_money(w, probe):
    summary = service.run(today=TODAY)
    assert probe.asked(include_money=False) == sorted(
        [w.old.pk, w.closed_long_ago.pk, w.closed_by_moderators.pk, w.ancient_edge.pk])
    assert probe.asked(include_money=True) == [w.ancient.pk]
    assert summary.pledge_campaigns == 5 and summary.money_campaigns == 1
    assert summary.plugin_records >= 5  # the probe's answers are counted
    row = RetentionRun.objects.get()
    assert row.finished_at is not None and row.campaigns == 5 and row.records == summary.records
    assert row.details["money_campaigns"] == 1


def test_run_batches_campaigns(w, probe, monkeypatch):
    monkeypatch.setattr(service, "BATCH_SIZE", 2)
    service.run(today=TODAY)
    assert all(len(ids) <= 2 for ids, _money in probe.calls)
    assert probe.asked(include_money=False) == sorted(
        [w.old.pk, w.closed_long_ago.pk, w.closed_by_moderators.pk, w.ancient_edge.pk])


def test_a_failing_plugin_changes_nothing_in_its_batch_and_the_others_go_on(w, monkeypatch):
    plugin = ModuleType("retention_broken")

    @hookimpl
    def expire_personal_data(campaign_ids, include_money):
        if include_money:
            raise RuntimeError("disk full")
        return 0

    plugin.expire_personal_data = expire_personal_data
    registry.hook  # loaded
    registry.manager.register(plugin, name="retention_broken")
    ancient = consent(w.ancient, "lama@contoh.id", "inkind")
    old = consent(w.old, "dua@contoh.id", "inkind")
    try:
        with pytest.raises(service.RetentionError):
            service.run(today=TODAY)
    finally:
        registry.manager.unregister(plugin)
    ancient.refresh_from_db()
    old.refresh_from_db()
    assert ancient.email == "lama@contoh.id"  # its batch rolled back
    assert old.email == ""  # the other batch is done
    assert RetentionRun.objects.get().details["failed_batches"] == 1


def test_run_blanks_consents_keeps_money_consents_and_opt_outs(w):
    goods_old = consent(w.old, "Siti@Contoh.id", "inkind")
    money_old = consent(w.old, "siti@contoh.id", "donation")
    money_ancient = consent(w.ancient, "budi@contoh.id", "donation")
    recent = consent(w.recent, "rina@contoh.id", "inkind")
    UpdateOptOut.objects.create(email="siti@contoh.id", campaign=w.old)
    service.run(today=TODAY)
    for row in (goods_old, money_old, money_ancient, recent):
        row.refresh_from_db()
    assert (goods_old.email, goods_old.phone) == ("", "")
    assert goods_old.subject  # the keyed hash stays: the consent can still be proved
    from privacy.subjects import Subject

    assert goods_old.subject == Subject.of("siti@contoh.id", "081255556666").key
    assert money_old.email == "siti@contoh.id"  # the donation still holds the donor: so does its consent
    assert (money_ancient.email, money_ancient.phone) == ("", "")
    assert recent.email == "rina@contoh.id"
    assert UpdateOptOut.objects.filter(email="siti@contoh.id", campaign=w.old).exists()


def test_run_forgets_story_update_deliveries_of_due_campaigns_only(w, make_story):
    def delivered(story, *emails):
        dispatch, _created = StoryUpdateDispatch.objects.get_or_create(
            translation_key=story.translation_key, defaults={"story": story, "language": "id"})
        StoryUpdateDispatch.objects.filter(pk=dispatch.pk).update(finished_at=timezone.now())
        for email in emails:
            StoryUpdateDelivery.objects.create(dispatch=dispatch, email=email)
        return dispatch

    only_old = delivered(make_story("Air untuk Dusun", campaigns=[w.old, w.closed_long_ago]), "a@contoh.id")
    mixed = delivered(make_story("Lampu menyala", campaigns=[w.old, w.recent]), "b@contoh.id")
    summary = service.run(today=TODAY)
    assert summary.deliveries == 1
    assert not only_old.deliveries.exists()
    assert mixed.deliveries.filter(email="b@contoh.id").exists()


def test_run_anonymises_pledges_of_due_campaigns_and_keeps_money_until_its_period(w):
    """The built-in plugins' hooks at work (in-kind pledges, donations)."""
    from plugins.donation.models import Donation
    from plugins.inkind.models import InKindPledge

    goods_old = pledge_goods(w.old, "Siti Aminah", "siti@contoh.id")
    goods_recent = pledge_goods(w.recent, "Rina Wati", "rina@contoh.id")
    goods_edge = pledge_goods(w.edge, "Edi Tepat", "edi@contoh.id")
    gift_old = donate(w.old, "Budi Santoso", "budi@contoh.id")
    gift_ancient = donate(w.ancient, "Agus Lama", "agus@contoh.id", amount="275000")
    service.run(today=TODAY)

    goods_old = InKindPledge.objects.get(pk=goods_old.pk)
    assert (goods_old.name, goods_old.email, goods_old.phone, goods_old.address) == ("", "", "", "")
    assert goods_old.is_anonymous and goods_old.quantity == 3 and goods_old.status == InKindPledge.Status.PLEDGED
    for kept in (goods_recent, goods_edge):
        assert InKindPledge.objects.get(pk=kept.pk).email == kept.email
    # Money keeps its donor for 10 years; the amounts always stay.
    assert Donation.objects.get(pk=gift_old.pk).name == "Budi Santoso"
    gift_ancient = Donation.objects.get(pk=gift_ancient.pk)
    assert (gift_ancient.name, gift_ancient.email, gift_ancient.phone) == ("", "", "")
    assert gift_ancient.amount == Decimal("275000") and gift_ancient.status == Donation.Status.CONFIRMED
    # Ten years after the campaign ended, the donation of the 24-months-old campaign goes too.
    service.run(today=months_before(TODAY, -96) + 2 * DAY)
    assert Donation.objects.get(pk=gift_old.pk).name == ""
    assert Donation.objects.get(pk=gift_old.pk).amount == Decimal("150000")


def test_every_installed_type_takes_part(make_campaign):
    """Every installed type's records (the example third-party plugin's too): the non-money ones are
    anonymised once the campaign is past the pledge period; money ones only after the money period."""
    from privacy.records import not_anonymised

    old = make_campaign(asks=every_type_asks(), slug="semua-jenis", start_date=PLEDGE_CUTOFF - 90 * DAY,
                        end_date=PLEDGE_CUTOFF - DAY)
    records = add_demo_records(old)
    money_keys, _labels = service.money_types()
    assert "donation" in money_keys
    service.run(today=TODAY)
    holding = {}
    for model in records:
        key = next(t.key for t in registry.installed_types()
                   if getattr(registry.call(t.key, "records_admin"), "model", None) is model)
        money = key in money_keys
        left = not_anonymised(model.objects.filter(campaign=old)).count()
        if not money and left:
            holding[key] = left
        if money:
            assert left == len(records[model]), f"{key}: money records keep their donor for 10 years"
    assert not holding, f"still holding personal data after the pledge period: {holding}"
    service.run(today=months_before(TODAY, -96) + 2 * DAY)
    for model in records:
        assert not not_anonymised(model.objects.filter(campaign=old)).exists(), model._meta.label


def test_run_is_idempotent(w, probe):
    goods = pledge_goods(w.old, "Siti Aminah", "siti@contoh.id")
    consent(w.old, "siti@contoh.id", "inkind")
    first = service.run(today=TODAY)
    assert first.consents == 1
    before = list(Consent.objects.values_list("pk", "email", "phone", "subject").order_by("pk"))
    second = service.run(today=TODAY)
    assert second.consents == 0 and second.deliveries == 0
    assert list(Consent.objects.values_list("pk", "email", "phone", "subject").order_by("pk")) == before
    assert RetentionRun.objects.count() == 2
    from plugins.inkind.models import InKindPledge

    assert InKindPledge.objects.get(pk=goods.pk).email == ""


# -- the job and the command ---------------------------------------------------------------------------


def test_the_daily_job_is_registered_and_runs(w, probe):
    from jobs.models import ScheduledRun
    from jobs.schedule import discover, tick

    jobs = discover()
    job = jobs["privacy.tasks.apply_retention"]
    assert job.every == datetime.timedelta(days=1)
    assert "privacy.tasks.apply_retention" in tick()  # the immediate backend runs it at once
    assert RetentionRun.objects.filter(finished_at__isnull=False).count() == 1
    assert probe.asked(include_money=True) == [w.ancient.pk]
    assert ScheduledRun.objects.get(name="privacy.tasks.apply_retention").next_run_at > timezone.now()


def test_the_command_dry_run_changes_nothing(w, probe):
    goods = pledge_goods(w.old, "Siti Aminah", "siti@contoh.id")
    row = consent(w.old, "siti@contoh.id", "inkind")
    out = io.StringIO()
    with translation.override("en"):
        call_command("apply_retention", "--dry-run", "--today", TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert "5 campaigns past the pledge period, 1 past the money period" in text
    assert "Dry run: nothing was changed" in text
    assert "Consents to blank: 1" in text
    assert probe.calls == []
    assert not RetentionRun.objects.exists()
    row.refresh_from_db()
    assert row.email == "siti@contoh.id"
    from plugins.inkind.models import InKindPledge

    assert InKindPledge.objects.get(pk=goods.pk).email == "siti@contoh.id"


def test_the_command_applies_the_policy_and_prints_figures(w, probe):
    consent(w.old, "siti@contoh.id", "inkind")
    out = io.StringIO()
    with translation.override("en"):
        call_command("apply_retention", "--today", TODAY.isoformat(), stdout=out)
    assert "1 consents" in out.getvalue()
    assert Consent.objects.get().email == ""
    with pytest.raises(CommandError, match="YYYY-MM-DD"), translation.override("en"):
        call_command("apply_retention", "--today", "kemarin")


# -- the settings ---------------------------------------------------------------------------------------


def refused(response):
    """Wagtail's refusal of an admin view: back to the dashboard (or a plain 403)."""
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert response["Location"] == "/admin/", response["Location"]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


SETTINGS_URL = "/admin/privasi/pengaturan/"
GOOD = {"pledge_retention_months": "18", "money_retention_years": "12", "request_deadline_hours": "72",
        "controller_contact": "Petugas Pelindungan Data, privasi@lokadaya.id"}


@pytest.fixture
def people(make_verified_oms, make_moderator):
    User = get_user_model()
    oms = make_verified_oms("oms-retensi", "33.74")
    national = User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    verifier = User.objects.create_user("verifikator", password=PASSWORD)
    verifier.user_permissions.add(Permission.objects.get(codename="access_admin"),
                                  Permission.objects.get(codename="verify_any_organisation"))
    return {"national": national, "verifier": verifier, "editor": oms.editor, "moderator": make_moderator("33"),
            "oms": oms}


def test_national_admins_change_the_policy(people):
    client = client_for(people["national"])
    response = client.get(SETTINGS_URL)
    assert response.status_code == 200
    with translation.override("id"):
        assert translation.gettext("Privacy & retention") in response.content.decode()
    response = client.post(SETTINGS_URL, GOOD)
    assert response.status_code == 302
    row = PrivacySettings.objects.get()
    assert (row.pledge_retention_months, row.money_retention_years, row.request_deadline_hours) == (18, 12, 72)
    assert row.updated_by == people["national"]
    assert PrivacySettings.current().pledge_retention_months == 18  # the cached policy follows
    # Staff who verify everywhere are national admins too.
    response = client_for(people["verifier"]).post(SETTINGS_URL, {**GOOD, "pledge_retention_months": "20"})
    assert response.status_code == 302
    assert PrivacySettings.objects.get().pledge_retention_months == 20


@pytest.mark.parametrize("field, value", [
    ("pledge_retention_months", "0"), ("pledge_retention_months", "121"), ("pledge_retention_months", "x"),
    ("money_retention_years", "5"), ("money_retention_years", "9"), ("money_retention_years", "31"),
    ("request_deadline_hours", "0"), ("request_deadline_hours", "721"),
])
def test_bad_settings_are_refused_and_nothing_changes(people, field, value):
    PrivacySettings.objects.create()
    response = client_for(people["national"]).post(SETTINGS_URL, {**GOOD, field: value})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    row = PrivacySettings.objects.get()
    assert (row.pledge_retention_months, row.money_retention_years, row.request_deadline_hours) == (24, 10, 72)


def test_money_less_than_ten_years_says_why(people):
    response = client_for(people["national"]).post(SETTINGS_URL, {**GOOD, "money_retention_years": "5"})
    with translation.override("id"):
        expected = translation.gettext(
            "Financial records must be kept at least %(low)s years: Indonesian law on company documents "
            "(UU 8/1997) and on tax (UU KUP) requires it.") % {"low": 10}
    assert expected in response.context["form"].errors["money_retention_years"]
    assert "UU 8/1997" in response.content.decode()


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_others_cannot_see_or_change_the_policy(people, role):
    client = client_for(people[role])
    refused(client.get(SETTINGS_URL))
    refused(client.post(SETTINGS_URL, GOOD))
    assert not PrivacySettings.objects.exists()
    assert SETTINGS_URL not in client.get("/admin/").content.decode()  # no menu item
    anonymous = Client().get(SETTINGS_URL)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


# -- what the OMS sees ----------------------------------------------------------------------------------


def test_the_oms_sees_the_policy_on_its_records_and_dashboard(people, make_campaign):
    oms = people["oms"]
    make_campaign(asks=[INKIND], parent=oms, slug="kampanye-oms")
    client = client_for(people["editor"])
    with translation.override("id"):
        never = translation.gettext("Last run: not yet.")
    for url in ("/admin/galang-daya/inkind/", f"/admin/dasbor/oms/{oms.pk}/"):
        body = client.get(url).content.decode()
        assert 'id="privacy-retention"' in body, url
        assert "24" in body and never in body, url
    PrivacySettings.objects.create(pledge_retention_months=18, money_retention_years=12)
    service.run(today=TODAY)
    body = client.get("/admin/galang-daya/inkind/").content.decode()
    line = body.split('id="privacy-retention"', 1)[1].split("</p>", 1)[0]
    assert "18" in line and "12" in line and never not in line
    assert timezone.localtime(RetentionRun.objects.get().finished_at).strftime("%Y") in line
