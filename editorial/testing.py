"""Pytest fixtures for the editorial tests: communications staff, moderators, story pages, supporters.

Import the ones a test module needs (``from editorial.testing import story_index, ...``); they build
on ``lokadaya.testing``.
"""
import random

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale

PASSWORD = "rahasia-123"


def admin_login(client, user):
    """Sign ``user`` in (password ``PASSWORD``) with a clean slate of flash messages."""
    client.cookies.pop("messages", None)  # another user's flash messages stay behind in the cookie
    assert client.login(username=user.username, password=PASSWORD)
    return client


def edit_url(page):
    from django.urls import reverse

    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_story_url(parent):
    from django.urls import reverse

    return reverse("wagtailadmin_pages:add", args=["stories", "storypage", parent.pk])


@pytest.fixture
def make_user(db):
    def make(username, email=None, groups=(), **fields):
        user = get_user_model().objects.create_user(username, email=email or f"{username}@contoh.id",
                                                    password=PASSWORD, **fields)
        for group in groups:
            user.groups.add(group)
        return user

    return make


@pytest.fixture
def comms_user(make_user):
    """A member of the communications team (the "Komunikasi" group, set up by migration)."""
    from editorial.roles import communications_group

    return make_user("komunikasi", email="komunikasi@lokadaya.id", groups=[communications_group()])


@pytest.fixture
def make_moderator(make_user):
    """``make_moderator("33", username=...)``: a moderator of the provincial network of province 33."""
    from network.models import ProvincialNetwork

    def make(province_code, username=None):
        user = make_user(username or f"moderator-{province_code}")
        ProvincialNetwork.objects.get(province__code=province_code).moderators.add(user)
        return get_user_model().objects.get(pk=user.pk)

    return make


@pytest.fixture
def story_index(home_page):
    """The national story index, in Indonesian and English."""
    from stories.models import StoryIndexPage

    index = StoryIndexPage.objects.filter(locale=home_page.locale).first()
    if index is None:
        index = StoryIndexPage(title="Cerita Perubahan", slug="cerita-perubahan")
        home_page.add_child(instance=index)
        index.save_revision().publish()
    english = index.get_translation_or_none(Locale.objects.get(language_code="en"))
    if english is None:
        english = index.copy_for_translation(Locale.objects.get(language_code="en"))
        english.title, english.slug = "Stories of change", "stories-of-change"
        english.save_revision().publish()
    return index


@pytest.fixture
def make_story(organisation):
    """``make_story(parent=..., live=True, campaigns=[...], sdgs=[...], **fields)``: a story page."""
    from stories.models import StoryPage

    def make(title="Cerita Contoh", parent=None, live=True, campaigns=(), sdgs=(), slug=None, **fields):
        parent = parent or organisation
        fields.setdefault("summary", "Ringkasan cerita contoh.")
        page = StoryPage(title=title, slug=slug or f"cerita-{StoryPage.objects.count() + 1}", live=live, **fields)
        parent.add_child(instance=page)
        page.campaigns.set(campaigns)
        page.sdgs.set(sdgs)
        revision = page.save_revision()
        if live:
            revision.publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def make_image(db):
    """``make_image(title, size=(1600, 1000))``: a real JPEG in the image library."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    def make(title="Foto", size=(1600, 1000), colour=(11, 110, 79)):
        buffer = io.BytesIO()
        picture = PILImage.new("RGB", size, colour)
        # Some texture, so that the JPEG is not trivially small.
        for x in range(0, size[0], 7):
            for y in range(0, size[1], 11):
                picture.putpixel((x, y), ((x * 3) % 255, (y * 5) % 255, (x + y) % 255))
        picture.save(buffer, "JPEG", quality=90)
        return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.jpg"))

    return make


def every_type_asks():
    """Asks of every installed support type, from their demo hooks (no type named here)."""
    from campaigns.plugins import registry
    from campaigns.types import DemoInitiative
    from lokadaya import demo_data

    asks = []
    for row in demo_data.INITIATIVES:
        initiative = DemoInitiative(slug=row[0], title=row[2], keywords=tuple(row[6]))
        for support_type in registry.support_types():
            if support_type.key in {key for key, _value in asks}:
                continue
            if registry.implements(support_type.key, "demo_ask"):
                value = registry.call(support_type.key, "demo_ask", initiative=initiative)
                if value:
                    asks.append((support_type.key, value))
    return asks


def add_demo_records(campaign, count=3, seed=1):
    """Records of every type on ``campaign`` (through the plugins' demo hook), nobody opted in yet."""
    from campaigns.plugins import registry

    from editorial.updates import record_models

    rng = random.Random(seed)
    for ask in campaign.get_asks():
        if registry.implements(ask.type_key, "demo_records"):
            registry.call(ask.type_key, "demo_records", campaign=campaign, ask=ask, count=count, rng=rng)
    for model in record_models():
        model.objects.filter(campaign=campaign).update(wants_updates=False)
    return {model: list(model.objects.filter(campaign=campaign).order_by("pk")) for model in record_models()}


def admin_form_data(client, url, streams=(), **overrides):
    """The page form at ``url`` (an admin create or edit view) as the browser would post it.

    StreamFields are drawn by JavaScript: name them in ``streams`` to post them empty, or pass
    their form data in ``overrides``.
    """
    from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for name in streams:
        for key, value in nested_form_data({name: streamfield([])}).items():
            data.setdefault(key, value)
    for key, value in overrides.items():
        if isinstance(value, (list, tuple)):
            data.setlist(key, [str(v) for v in value])
        elif value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


STORY_STREAMS = ("evidence", "voices", "body")
