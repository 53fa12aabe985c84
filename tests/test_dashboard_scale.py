"""Every dashboard costs the same number of queries at 10 OMS as at 1,000 (issue 14).

The data is written in bulk by ``lokadaya.synthetic`` (the same writer as ``seed_synthetic``): first
50 pages (10 OMS, 20 campaigns, 20 stories, support records of every type and their ledger lines),
then grown to 5,000 pages (1,000 OMS). Each dashboard is requested through the whole stack by the
user it is made for, and its queries counted both times. Timing at 1,500 OMS and 100,000 records is
``manage.py bench_dashboards`` (a benchmark, not a test).
"""
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lokadaya.synthetic import Synthetic
from network.models import ProvincialNetwork
from partners.access import grant_editor_access
from partners.models import OrganisationPage

pytestmark = pytest.mark.django_db


def grow(pages, pledges):
    Synthetic(pages, pledges, pictures=False, records_per_campaign=40).run()
    from lokadaya import lookups
    from pagecache.purge import purge_everything

    purge_everything()
    lookups.changed()


def queries(user, url):
    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 200  # warm: per-process look-ups
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_dashboards_cost_the_same_queries_at_10_and_at_1000_oms(partner_index):
    grow(50, 400)
    organisation = OrganisationPage.objects.filter(slug__startswith="syn-oms-").order_by("pk").first()
    province = organisation.regency.province
    User = get_user_model()
    national = User.objects.create_superuser("nasional", "nasional@contoh.id", "rahasia-123")
    moderator = User.objects.create_user("moderator", "moderator@contoh.id", "rahasia-123")
    network, _created = ProvincialNetwork.objects.get_or_create(province=province, defaults={"name": "Jejaring"})
    network.moderators.add(moderator)
    editor = User.objects.create_user("editor", "editor@contoh.id", "rahasia-123")
    grant_editor_access(organisation, editors=[editor])
    views = {
        "national": (national, reverse("dashboards:national")),
        "province": (moderator, reverse("dashboards:province", kwargs={"code": province.code})),
        "oms": (editor, reverse("dashboards:oms", kwargs={"pk": organisation.pk})),
        "admin home": (editor, reverse("wagtailadmin_home")),
    }
    small = {name: queries(user, url) for name, (user, url) in views.items()}

    grow(5000, 4000)
    assert OrganisationPage.objects.filter(slug__startswith="syn-oms-").count() == 1000
    large = {name: queries(user, url) for name, (user, url) in views.items()}
    assert large == small
