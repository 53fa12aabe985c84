"""The book drive inside Lokadaya, with no file of core changed: discovered through its entry point,
offered in the editor's block chooser, shown with its progress on a campaign page, and listed
and exported in the OMS's records admin.
"""
import html

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from campaigns.discovery import entry_point_apps
from campaigns.models import CampaignPage
from campaigns.plugins import registry


def test_discovered_through_the_entry_point_and_installed_as_an_app():
    assert ("bookdrive", "lokadaya_bookdrive") in entry_point_apps()
    assert "lokadaya_bookdrive" in settings.LOKADAYA_PLUGIN_APPS
    assert "lokadaya_bookdrive" in settings.INSTALLED_APPS
    assert apps.get_app_config("bookdrive").name == "lokadaya_bookdrive"
    assert registry.is_installed("bookdrive")
    assert registry.apps["bookdrive"] == "lokadaya_bookdrive"
    for hook in ("support_type", "ask_block", "pledge_view", "ask_progress", "supporter_wall", "public_urls",
                 "records_admin", "pledge_recorded", "pledge_status_changed", "demo_ask", "demo_records"):
        assert registry.implements("bookdrive", hook), hook


def test_the_asks_block_chooser_offers_the_book_drive():
    stream_block = CampaignPage._meta.get_field("asks").stream_block
    assert "bookdrive" in stream_block.child_blocks
    block = stream_block.child_blocks["bookdrive"]
    with translation.override("id"):
        assert str(block.label) == "Donasi Buku Anak"
    assert {"title", "description", "target", "age_groups", "accepts_used", "dropoff"} <= set(block.child_blocks)


def test_asks_field_deconstructs_without_the_plugin():
    _name, path, args, kwargs = CampaignPage._meta.get_field("asks").deconstruct()
    assert path == "campaigns.fields.AsksField" and args == []
    assert "bookdrive" not in repr(kwargs)


@pytest.mark.django_db
def test_page_editor_offers_the_book_drive_block(admin_client, campaign):
    response = admin_client.get(f"/admin/pages/{campaign.pk}/edit/")
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    # The stream field's block definitions (the chooser's menu) name the type and its fields.
    assert '"bookdrive"' in body
    assert "Donasi Buku Anak" in body or "Children's book drive" in body
    assert "Buku cerita untuk anak Kampung Tallo" in body  # the stored ask, editable


@pytest.mark.django_db
def test_campaign_page_renders_the_book_drive_with_its_progress(client, campaign, make_pledge):
    make_pledge(quantity=30)
    make_pledge(quantity=12, status="received", received_quantity=12)
    body = client.get(campaign.url).content.decode()
    assert "ask-bookdrive" in body
    assert "42 / 100 buku" in body and "42%" in body
    assert f"dukung/{campaign.get_asks()[0].id}/" in body  # the button to the pledge form


@pytest.mark.django_db
def test_records_admin_lists_and_exports_book_pledges(admin_client, make_pledge):
    make_pledge(quantity=30, name="Rina Marlina")
    admin_home = admin_client.get("/admin/").content.decode()
    assert "/admin/galang-daya/bookdrive/" in admin_home  # the Galang Daya menu item
    listing = admin_client.get("/admin/galang-daya/bookdrive/")
    assert listing.status_code == 200 and "Rina Marlina" in listing.content.decode()
    export = admin_client.get("/admin/galang-daya/bookdrive/", {"export": "csv"})
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith('attachment; filename="bookdrive-')
    text = b"".join(export.streaming_content).decode("utf-8")
    assert "Rina Marlina" in text and "30" in text
