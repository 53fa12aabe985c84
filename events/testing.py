"""Pytest fixtures for the events tests: the portal, the events index and ``make_event``."""
import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def event_index(home_page):
    from learning.models import LearningIndexPage

    from .models import EventIndexPage

    portal = LearningIndexPage.objects.filter(locale=home_page.locale).first()
    if portal is None:
        portal = LearningIndexPage(title="Belajar", slug="belajar")
        home_page.add_child(instance=portal)
        portal.save_revision().publish()
    index = EventIndexPage.objects.filter(locale=home_page.locale).first()
    if index is None:
        index = EventIndexPage(title="Acara", slug="acara")
        portal.add_child(instance=index)
        index.save_revision().publish()
    return index


@pytest.fixture
def make_event(event_index):
    """``make_event(slug=..., start=..., capacity=..., province_code=...)``: a live event."""
    from regions.models import Province

    from .models import EventPage

    def make(slug="webinar-contoh", title="Webinar Contoh", start=None, hours=2, capacity=10, province_code=None,
             online_url="https://meet.jit.si/rahasia-lokadaya-123", **fields):
        start = start or timezone.now() + datetime.timedelta(days=3)
        page = EventPage(
            title=title, slug=slug, kind=fields.pop("kind", "webinar"), aspect=fields.pop("aspect", "communication"),
            start=start, end=start + datetime.timedelta(hours=hours), capacity=capacity, online_url=online_url,
            province=Province.objects.get(code=province_code) if province_code else None,
            summary=fields.pop("summary", "Ringkasan acara."), **fields)
        event_index.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make
