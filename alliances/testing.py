"""Fixtures for the alliances' tests. Use with ``from alliances.testing import *`` (with ``partners.testing``'s).

``make_alliance(lead, *members, title=..., level="province", province_code="33")``: a live alliance
page whose lead and members are ``MEMBER`` rows (no invitation round), made directly on the models.
Tests of invitations and permissions use ``alliances.membership`` instead.
"""
import pytest

__all__ = ["alliance_index", "make_alliance"]


@pytest.fixture
def alliance_index(home_page):
    from .models import AllianceIndexPage

    index = AllianceIndexPage.objects.filter(locale=home_page.locale).first()
    if index is None:
        index = AllianceIndexPage(title="Aliansi", slug="aliansi")
        home_page.add_child(instance=index)
        index.save_revision().publish()
    return index


@pytest.fixture
def make_alliance(alliance_index):
    from django.utils.text import slugify

    from regions.models import Province

    from .models import AllianceMembership, AlliancePage

    def make(lead, *members, title="Aliansi Air Bersih", level="province", province_code="33", live=True,
             **fields):
        page = AlliancePage(title=title, slug=slugify(title), level=level, lead_organisation=lead,
                            policy_issue=fields.pop("policy_issue", "Perda air bersih"),
                            province=Province.objects.get(code=province_code) if province_code else None,
                            **fields)
        page.live = live
        alliance_index.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        page.refresh_from_db()
        AllianceMembership.objects.create(alliance=page, organisation=lead, status="member", is_lead=True)
        for member in members:
            AllianceMembership.objects.create(alliance=page, organisation=member, status="member")
        return page

    return make
