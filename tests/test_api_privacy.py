"""No personal data in the open data API (``api/__init__.py``): read every endpoint of the demo site.

The demo site (``seed_demo``, built once for the module and rolled back after) holds supporters of
every installed type, some anonymous. Every supporter's email and phone, and the name of every
anonymous one (a name also given publicly by a supporter who is not anonymous is public), is
collected from every record model (``campaigns.records.SupportRecord`` subclasses), together with
the OMS's own contact details and bank account. Then every list (every page, both languages) and
every detail is fetched, and no response body may contain any of those strings.
"""
import io
import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command

from campaigns.records import SupportRecord
from lokadaya.testing import module_transaction

API = "/api/v1/"
LISTS = ("campaigns/", "support-types/", "organisations/", "stories/", "programmes/", "sdgs/",
         "regions/provinces/", "regions/regencies/", "transparency/")
DETAILS = {"campaigns/": "id", "organisations/": "id", "stories/": "id", "programmes/": "id", "sdgs/": "number",
           "regions/provinces/": "code"}


def _record_models():
    return [model for model in apps.get_models() if issubclass(model, SupportRecord)]


def _secrets():
    """``(emails, phones, private names, OMS contacts)`` from every record model, each a set."""
    from partners.models import OrganisationPage

    emails, phones, hidden, shown = set(), set(), set(), set()
    for model in _record_models():
        for name, email, phone, anonymous in model.objects.values_list("name", "email", "phone", "is_anonymous"):
            if email:
                emails.add(email.lower())
            if phone and len(re.sub(r"\D", "", phone)) >= 6:
                phones.add(phone)
            if name and len(name) >= 4:
                (hidden if anonymous else shown).add(name)
    contacts = set()
    for email, whatsapp, account in OrganisationPage.objects.values_list("email", "whatsapp", "bank_account_number"):
        contacts.update(value for value in (email, whatsapp, account) if value and len(value) >= 6)
    return emails, phones, hidden - shown, contacts


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with module_transaction(django_db_blocker):
        call_command("seed_demo", "--size", "2", "--records", "6", "--no-admin", stdout=io.StringIO())
        yield _secrets()


def _fetch_all(client):
    """Every body of every list page and every detail, in both languages."""
    bodies = []
    for language in ("id", "en"):
        for path in LISTS:
            url = f"{API}{path}?lang={language}&page_size=100"
            while url:
                response = client.get(url)
                assert response.status_code == 200, (url, response.content[:300])
                bodies.append((url, response.content.decode()))
                data = response.json()
                url = data.get("next") if "results" in data else None
                for item in data.get("results", ()):
                    if path in DETAILS:
                        detail = f"{API}{path}{item[DETAILS[path]]}/?lang={language}"
                        answer = client.get(detail)
                        assert answer.status_code == 200, detail
                        bodies.append((detail, answer.content.decode()))
    return bodies


def test_no_supporter_data_in_any_response(client, demo, db, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "100000/min"}}
    cache.delete("throttle_api_127.0.0.1")
    emails, phones, hidden_names, contacts = demo
    # The check could not fail without something to look for.
    assert len(_record_models()) >= 5
    assert emails and phones and hidden_names and contacts, (len(emails), len(phones), len(hidden_names))
    bodies = _fetch_all(client)
    campaigns = [body for url, body in bodies if "/campaigns/" in url and '"asks"' in body]
    assert len(bodies) > 40 and campaigns
    for url, body in bodies:
        lowered = body.lower()
        for email in emails:
            assert email not in lowered, (url, "email")
        for phone in phones:
            assert phone not in body, (url, "phone")
        for name in hidden_names:
            assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", body), (url, "anonymous supporter's name")
        for contact in contacts:
            assert contact.lower() not in lowered, (url, "OMS contact or bank account")


def test_the_scan_would_see_a_leak(client, demo, db, settings):
    """The scan itself works: a supporter's email put in a public field is found."""
    from campaigns.models import CampaignPage

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "100000/min"}}
    emails = sorted(demo[0])
    campaign = CampaignPage.objects.live().public().filter(locale__language_code="id").first()
    CampaignPage.objects.filter(pk=campaign.pk).update(summary=f"Hubungi {emails[0]}")
    body = client.get(f"{API}campaigns/{campaign.pk}/").content.decode().lower()
    assert emails[0] in body
