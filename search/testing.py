"""Pytest fixtures for the search tests: a small world of OMS, campaigns and stories, in two languages.

Use ``pytest_plugins = ["search.testing"]`` in a test module.
"""
import datetime

import pytest
from django.utils import timezone
from wagtail.models import Locale


def ask(type_key, title="Ajakan"):
    """A valid ask value of an installed support type (the plugin's own demo ask)."""
    from campaigns.plugins import registry
    from campaigns.types import DemoInitiative

    return type_key, registry.call(type_key, "demo_ask", initiative=DemoInitiative(slug="uji", title=title))


def publish(page, sdgs=()):
    from sdgs.models import SDG

    if sdgs:
        page.sdgs.set(SDG.objects.filter(number__in=sdgs))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page, language="en", **fields):
    """Publish ``page``'s translation with ``fields`` changed."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    return publish(copy)


def add_campaign(parent, title, summary, regency_code, asks=(), sdgs=(), starts=-1, ends=30, slug=None, **fields):
    from campaigns.models import CampaignPage
    from regions.models import Regency

    today = timezone.localdate()
    page = CampaignPage(
        title=title, slug=slug or title.lower().replace(" ", "-")[:50], summary=summary,
        regency=Regency.objects.get(code=regency_code), asks=list(asks),
        start_date=today + datetime.timedelta(days=starts),
        end_date=today + datetime.timedelta(days=ends) if ends is not None else None, **fields)
    parent.add_child(instance=page)
    return publish(page, sdgs)


def add_story(parent, title, summary, regency_code, sdgs=(), slug=None, **fields):
    from regions.models import Regency
    from stories.models import StoryPage

    page = StoryPage(title=title, slug=slug or title.lower().replace(" ", "-")[:50], summary=summary,
                     regency=Regency.objects.get(code=regency_code), **fields)
    parent.add_child(instance=page)
    return publish(page, sdgs)


class World:
    """The pages of :func:`search_world`, by name."""


@pytest.fixture
def search_world(make_organisation):
    world = World()
    world.bank = make_organisation(slug="bank-sampah-semarang", title="Bank Sampah Semarang", regency_code="33.74")
    world.bank.summary = "Pengelolaan persampahan berbasis warga."
    world.bank = publish(world.bank, sdgs=[11, 12])
    world.school = make_organisation(slug="sekolah-rakyat-surabaya", title="Sekolah Rakyat Surabaya",
                                     regency_code="35.78", email="sekolah@contoh.id")
    world.school.summary = "Pendidikan untuk anak-anak pesisir."
    world.school = publish(world.school, sdgs=[4])
    world.waste = add_campaign(
        world.bank, "Gerakan Bank Sampah Kampung", "Kami membangun bank sampah di setiap RT.", "33.74",
        asks=[ask("donation"), ask("inkind")], sdgs=[12], ends=30)
    world.library = add_campaign(
        world.school, "Perpustakaan Keliling Pesisir", "Pembangunan perpustakaan untuk anak nelayan.", "35.78",
        asks=[ask("volunteering")], sdgs=[4], ends=5)
    world.well = add_campaign(
        world.bank, "Sumur Bor Magelang", "Air bersih untuk desa yang kekeringan.", "33.71",
        asks=[ask("donation")], sdgs=[6], starts=-60, ends=-1)
    world.sewing = add_campaign(
        world.school, "Kelas Menjahit Perempuan", "Pelatihan keterampilan untuk ibu-ibu.", "35.15",
        asks=[ask("partnership")], sdgs=[5], starts=10, ends=60)
    world.story = add_story(
        world.bank, "Kampung Bersih dari Sampah", "Warga bangun tempat pemilahan sampah bersama.", "33.74",
        sdgs=[12])
    world.waste_en = translate(world.waste, title="Village Waste Bank Movement",
                               summary="We are building waste banks in every neighbourhood.")
    world.story_en = translate(world.story, title="A Village Free of Rubbish",
                               summary="Residents are building stations for sorting their rubbish.")
    return world
