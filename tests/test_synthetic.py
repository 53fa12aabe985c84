"""``manage.py seed_synthetic`` at a tiny size: pages written in bulk are served, listed, edited, found
and counted like pages added one by one, and the records' money is in the ledger (reconcile)."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import F, Sum
from wagtail.models import Page

from campaigns.models import CampaignPage
from lokadaya.synthetic import count_records
from partners.models import OrganisationPage
from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def seed(*args):
    out = io.StringIO()
    call_command("seed_synthetic", *args, stdout=out)
    return out.getvalue()


def test_synthetic_pages_and_records_behave_like_any_others(client, partner_index):
    from plugins.donation.models import Donation
    from plugins.petition.models import Signature

    output = seed("--pages", "300", "--pledges", "2000", "--per-campaign", "40")
    assert "300 pages and 2000 support records" in output
    organisations = OrganisationPage.objects.filter(slug__startswith="syn-oms-")
    campaigns = CampaignPage.objects.filter(slug__startswith="syn-kampanye-")
    assert (organisations.count(), campaigns.count(), StoryPage.objects.filter(slug__startswith="syn-").count()) == (
        60, 120, 120)
    records = count_records()
    assert sum(records.values()) == 2000, records
    # Every type some campaign asks for has records (a plugin may fit none of the themes: the
    # example book drive only asks on reading initiatives), and the built-in five all fit some.
    from campaigns.plugins import registry

    asked = {child.block_type for page in campaigns for child in page.asks}
    assert {"donation", "inkind", "volunteering", "partnership", "petition"} <= asked
    for key in asked:
        label = registry.call(key, "records_admin").model._meta.label
        assert records[label] > 0, (key, records)
    assert Page.find_problems() == ([], [], [], [], [])  # a sound tree: paths, depths, numchild
    assert organisations.values("regency").distinct().count() == 60  # spread: one kabupaten/kota each here

    # A campaign page shows what its records add up to.
    campaign = campaigns.filter(pk__in=Donation.objects.values("campaign")).filter(
        pk__in=Signature.objects.values("campaign")).first()
    response = client.get(campaign.url)
    assert response.status_code == 200
    confirmed = Donation.objects.filter(campaign=campaign, status=Donation.Status.CONFIRMED)
    raised = confirmed.aggregate(total=Sum(F("received_amount") - F("refunded_amount")))["total"]
    assert response.context["totals"]["money"] == raised > 0
    progress = {ask.type_key: figures for ask, _type, figures in response.context["progress"]}
    assert progress["donation"].current == raised and progress["donation"].supporters == confirmed.count()
    assert progress["petition"].current == Signature.objects.filter(
        campaign=campaign, status=Signature.Status.CONFIRMED).count()

    # Found by the site search and its suggestions, like the pages before them.
    response = client.get("/id/cari/", {"q": campaign.title})
    assert campaign.pk in [result.page.pk for result in response.context["results"]]
    suggestions = client.get("/id/cari/saran/", {"q": campaign.title[:12]}).json()["results"]
    assert suggestions
    story = StoryPage.objects.filter(slug__startswith="syn-").first()
    assert client.get(story.url).status_code == 200
    assert client.get(campaign.get_parent().url).status_code == 200

    # Listed and edited in the admin without a revision.
    admin = get_user_model().objects.create_superuser("admin-syn", "admin@contoh.id", "rahasia-123")
    client.force_login(admin)
    assert client.get(f"/admin/pages/{campaign.get_parent().pk}/").status_code == 200
    assert client.get(f"/admin/pages/{campaign.pk}/edit/").status_code == 200

    # Every confirmed donation has its ledger lines: nothing to reconcile.
    call_command("reconcile", stdout=io.StringIO())

    # Again: nothing added.
    pages = Page.objects.count()
    assert "nothing added" in seed("--pages", "300", "--pledges", "2000")
    assert Page.objects.count() == pages and count_records() == records


def test_it_needs_the_demo_site_and_sane_sizes(db):
    with pytest.raises(CommandError):
        seed("--pages", "100", "--pledges", "10")  # no partner index yet
    with pytest.raises(CommandError):
        seed("--pages", "2")
    assert not OrganisationPage.objects.exists()
