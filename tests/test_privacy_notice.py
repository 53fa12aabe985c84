"""The privacy notice (UU PDP): generated from the site's real data flows (every installed support
type, the example plugin included, with its records' personal fields; the retention settings), in
Indonesian and English; national admins publish new versions, and the forms' statement follows;
anyone else is refused and nothing changes."""
import html
import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from campaigns.plugins import registry
from privacy.consent import flows, notices
from privacy.consent.testing import every_type_campaign  # noqa: F401 (fixture)
from privacy.models import Consent, PrivacyNotice, PrivacySettings

pytestmark = pytest.mark.django_db

ADMIN_URL = "/admin/privasi/pemberitahuan/"


def text_of(response):
    return html.unescape(response.content.decode())


def in_language(code, function):
    with translation.override(code):
        return function()


@pytest.fixture
def national(django_user_model):
    return django_user_model.objects.create_superuser("nasional", "nasional@lokadaya.id", "rahasia-123")


@pytest.fixture
def retention():
    row = PrivacySettings.objects.create(pledge_retention_months=18, money_retention_years=7)
    return row


def test_the_notice_lists_every_installed_type_with_its_personal_fields_and_the_retention(client, home_page,
                                                                                           retention):
    response = client.get("/id/privasi/")
    assert response.status_code == 200
    body = text_of(response)
    assert PrivacyNotice.objects.count() == 1  # version 1, made from the flows on first reading
    assert 'data-privacy-notice="1"' in body
    installed = registry.installed_types()
    if "lokadaya_bookdrive" in registry.apps.values():
        assert "bookdrive" in {t.key for t in installed}  # CI runs with the example third-party plugin
    for support_type in installed:
        section = body.split(f'data-flow="{support_type.key}"')[1].split("</section>")[0]
        assert in_language("id", lambda t=support_type: str(t.name)) in section, support_type.key
        model = registry.call(support_type.key, "records_admin").model
        for field in flows.personal_fields(model):
            assert in_language("id", lambda f=field: str(f.verbose_name)) in section, (support_type.key, field.name)
        assert in_language("id", lambda: gettext(
            "Until %(months)s months after the campaign ends; then your name, contact details and messages are "
            "anonymised.") % {"months": 18}) in section  # its retention, from the settings
        if support_type.raises_money:
            assert in_language("id", lambda: gettext(
                "Records of money keep your identity for %(years)s years after the campaign ends, as accounting law "
                "requires; then they are anonymised too (the amounts stay).") % {"years": 7}) in section
            assert "Midtrans, Xendit" in section  # the gateways configured in PAYMENT_VARIANTS
    for key in ("sign_in", "event", "report", "partner_registration", "privacy_request"):
        assert f'data-flow="{key}"' in body, key
    assert 'data-retention-months="18"' in body and 'data-retention-years="7"' in body
    expected = in_language("id", lambda: gettext(
        "Supporters' personal data is anonymised %(months)s months after the campaign ends. Records of money keep "
        "the donor's identity for %(years)s years after the campaign ends, as accounting law requires, then are "
        "anonymised too; the amounts stay.") % {"months": 18, "years": 7})
    assert expected in body
    assert 'data-recipient="gateways"' in body and 'data-recipient="oms"' in body
    assert in_language("id", lambda: str(notices.DEFAULT_INTRO)) in body


def test_the_notice_links_the_privacy_centre_when_there_is_one(client, home_page):
    from django.urls import NoReverseMatch, reverse

    body = text_of(client.get("/id/privasi/"))
    try:
        centre = reverse("privacy:centre")
    except NoReverseMatch:
        centre = ""
    if centre:
        assert f'href="{centre}"' in body
    else:
        assert in_language("id", lambda: gettext("To use these rights, write to the contact below.")) in body


def test_the_english_notice(client, home_page):
    response = client.get("/en/privasi/")
    assert response.status_code == 200
    body = text_of(response)
    assert '<html lang="en"' in body or 'lang="en"' in body
    assert in_language("en", lambda: str(notices.DEFAULT_INTRO)) in body
    for support_type in registry.installed_types():
        section = body.split(f'data-flow="{support_type.key}"')[1].split("</section>")[0]
        assert in_language("en", lambda t=support_type: str(t.name)) in section, support_type.key
    # The same version as the Indonesian page: one notice, two languages.
    assert 'data-privacy-notice="1"' in body and PrivacyNotice.objects.count() == 1


def publish(client, **texts):
    data = {"intro_id": "Pengantar baru tentang data pribadi.", "intro_en": "A new introduction on personal data.",
            "extra_id": "Bagian tambahan versi dua.", "extra_en": "An extra section of version two.",
            "change_summary": "Kontak petugas pelindungan data ditambahkan."}
    data.update(texts)
    return client.post(ADMIN_URL, data)


def test_a_national_admin_publishes_version_2_and_the_forms_follow(client, every_type_campaign, national):
    campaign = every_type_campaign
    ask = campaign.get_asks()[0]
    assert 'data-privacy-notice="1"' in client.get(campaign.pledge_url(ask)).content.decode()
    admin = Client()
    admin.force_login(national)
    page = admin.get(ADMIN_URL)
    assert page.status_code == 200 and 'id="flows-current"' in page.content.decode()

    response = publish(admin)
    assert response.status_code == 302
    second = PrivacyNotice.objects.get(version=2)
    assert second.published_by == national and second.intro_id == "Pengantar baru tentang data pribadi."
    assert set(second.flows["signature"]["types"]) == {t.key for t in registry.installed_types()}
    assert set(second.flows["languages"]) == {"id", "en"}
    assert PrivacyNotice.objects.get(version=1).intro_id != second.intro_id  # version 1 is kept as it was

    form = client.get(campaign.pledge_url(ask)).content.decode()
    assert 'data-privacy-notice="2"' in form and 'data-privacy-notice="1"' not in form
    notice = text_of(client.get("/id/privasi/"))
    assert "Pengantar baru tentang data pribadi." in notice and "Bagian tambahan versi dua." in notice
    assert "An extra section" not in notice
    english = text_of(client.get("/en/privasi/"))
    assert "A new introduction on personal data." in english and "An extra section of version two." in english
    # The earlier version stays readable, as published (a consent names it).
    old = text_of(client.get("/id/privasi/?versi=1"))
    assert 'data-privacy-notice="1"' in old and "Pengantar baru" not in old
    assert client.get("/id/privasi/?versi=9").status_code == 404

    # A pledge from now on records version 2.
    from privacy.consent.testing import fill, main_form

    volunteering = next(a for a in campaign.get_asks() if a.type_key == "volunteering")
    url = campaign.pledge_url(volunteering)
    client.post(url, fill(main_form(client.get(url).content.decode())))
    assert set(Consent.objects.values_list("notice_version", flat=True)) == {2}


def test_the_admin_warns_when_the_flows_changed_since_the_published_version(client, home_page, national):
    admin = Client()
    admin.force_login(national)
    current = notices.current_notice()
    # As if the example plugin had been installed after version 1 was published.
    key = registry.installed_types()[-1].key
    snapshot = current.flows
    del snapshot["signature"]["types"][key]
    PrivacyNotice.objects.filter(pk=current.pk).update(flows=snapshot)
    body = text_of(admin.get(ADMIN_URL))
    assert 'id="flows-changed"' in body
    label = in_language("id", lambda: str(registry.get(key).name))
    assert in_language("id", lambda: gettext("Support type added: %(type)s") % {"type": label}) in body
    # The retention changing is a change of the flows too.
    PrivacySettings.objects.create(pledge_retention_months=12)
    body = text_of(admin.get(ADMIN_URL))
    assert in_language("id", lambda: gettext("The retention periods or the answer deadline changed")) in body
    assert publish(admin).status_code == 302
    assert 'id="flows-current"' in admin.get(ADMIN_URL).content.decode()
    assert PrivacyNotice.objects.get(version=2).flows["signature"]["retention"]["pledge_months"] == 12
    assert 'data-retention-months="12"' in client.get("/id/privasi/").content.decode()


def test_only_national_admins_open_or_publish_the_notice(client, home_page, make_editor, organisation, national):
    from django.contrib.auth.models import Permission

    notices.current_notice()
    before = list(PrivacyNotice.objects.values_list("version", "intro_id", "flows"))
    editor = make_editor(organisation)
    staff = type(editor).objects.create_user("pegawai", "pegawai@lokadaya.id", "rahasia-123")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for user in (editor, staff):
        other = Client()
        other.force_login(user)
        assert other.get(ADMIN_URL).status_code == 403, user
        assert publish(other, intro_id="Diubah tanpa hak.").status_code == 403, user
        menu = other.get("/admin/").content.decode()
        assert ADMIN_URL not in menu  # not in their Settings menu either
    anonymous = Client().post(ADMIN_URL, {"intro_id": "Diubah tanpa hak."})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert list(PrivacyNotice.objects.values_list("version", "intro_id", "flows")) == before
    admin = Client()
    admin.force_login(national)
    assert ADMIN_URL in admin.get("/admin/").content.decode()  # the Settings menu of a national admin


def test_version_1_is_made_once(home_page):
    first, again = notices.current_notice(), notices.current_notice()
    assert first.pk == again.pk and first.version == 1 and PrivacyNotice.objects.count() == 1
    assert first.flows["signature"] == flows.signature() and first.intro_en


def test_publishing_needs_a_text_no_longer_than_the_form_allows(home_page, national):
    admin = Client()
    admin.force_login(national)
    response = publish(admin, change_summary="x" * 301)
    assert response.status_code == 400 and PrivacyNotice.objects.filter(version=2).count() == 0
    assert re.search(r'class="[^"]*error', response.content.decode())


@pytest.mark.django_db(transaction=True)
def test_first_readers_at_once_make_one_version_and_publishers_at_once_one_each(django_user_model):
    """Race-safe: version 1 is made once by simultaneous first readers; two admins publishing at the
    same moment never make two notices with one number (the second is told to check and publish again)."""
    from django.db import IntegrityError

    from lokadaya.testing import race

    results, errors = race(4, lambda i: notices.current_notice().pk)
    assert errors == [] and len(set(results)) == 1 and PrivacyNotice.objects.count() == 1
    admin = django_user_model.objects.create_superuser("nasional-race", "race@lokadaya.id", "rahasia-123")
    results, errors = race(2, lambda i: notices.publish(user=admin, intro_id=f"Versi dari admin {i}").version)
    # Truly at once: one wins, the other is refused. One after the other (the threads did not meet
    # under the lock): versions 2 and 3. Never two notices with one number, never a gap.
    assert sorted(results) in ([2], [2, 3]), (results, errors)
    assert len(results) + len(errors) == 2 and all(isinstance(error, IntegrityError) for error in errors), errors
    assert sorted(PrivacyNotice.objects.values_list("version", flat=True)) == [1, *sorted(results)]
