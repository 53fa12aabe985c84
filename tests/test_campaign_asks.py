"""The campaign's ``asks`` field: no plugin in core migrations, and asks of removed plugins kept."""
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from django.db import connection
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from campaigns.fields import AsksField
from campaigns.models import CampaignPage

ROOT = Path(__file__).resolve().parent.parent
DONATION = {"title": "Donasi", "target": Decimal("5000000"), "minimum": Decimal("10000"),
            "suggested_amounts": [50000]}
ORPHAN = {"type": "bookswap", "value": {"title": "Tukar buku", "target": 50, "nested": {"a": [1, 2]}},
          "id": "orphan-0001"}


def _stored_asks(page):
    with connection.cursor() as cursor:
        cursor.execute("SELECT asks FROM campaigns_campaignpage WHERE page_ptr_id = %s", [page.pk])
        value = cursor.fetchone()[0]
    return json.loads(value) if isinstance(value, str) else value


def _add_orphan(page):
    raw = _stored_asks(page) + [ORPHAN]
    CampaignPage.objects.filter(pk=page.pk).update(asks=raw)
    return CampaignPage.objects.get(pk=page.pk)


def test_field_deconstructs_without_any_block():
    name, path, args, kwargs = AsksField(blank=True).deconstruct()
    assert path == "campaigns.fields.AsksField"
    assert args == [] and "block_lookup" not in kwargs


def test_core_migrations_name_no_plugin():
    migration = (ROOT / "campaigns" / "migrations" / "0001_initial.py").read_text()
    assert "campaigns.fields.AsksField(blank=True" in migration
    for key in ("donation", "inkind", "volunteering", "partnership", "petition"):
        assert key not in migration


def test_makemigrations_clean_without_any_plugin():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="lokadaya.settings.test",
               LOKADAYA_DISABLED_PLUGINS="donation,inkind,volunteering,partnership,petition")
    # Without the donation app there is no payment model: the check must still run cleanly for core.
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run",
         "regions", "sdgs", "home", "partners", "campaigns", "stories"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_ask_of_removed_plugin_survives_revision_and_publish(make_campaign):
    page = _add_orphan(make_campaign(asks=[("donation", DONATION)]))
    assert page.get_unavailable_asks() == ["bookswap"]
    assert [a.type_key for a in page.get_asks()] == ["donation"]
    page.title = "Judul baru"
    revision = page.save_revision()
    revision.publish()
    stored = _stored_asks(page)
    assert stored[-1] == ORPHAN
    assert revision.content["asks"]  # the revision holds it too
    restored = revision.as_object()
    assert restored.get_unavailable_asks() == ["bookswap"]


def test_editor_is_told_and_form_save_keeps_the_content(admin_client, make_campaign):
    page = _add_orphan(make_campaign(asks=[("donation", DONATION)]))
    edit_url = f"/admin/pages/{page.pk}/edit/"
    response = admin_client.get(edit_url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "bookswap" in body and 'role="alert"' in body

    donation_id = _stored_asks(page)[0]["id"]
    data = nested_form_data({
        "title": "Kampanye diubah", "slug": page.slug, "summary": page.summary,
        "body": rich_text(""), "start_date": page.start_date.isoformat(),
        "end_date": page.end_date.isoformat(), "regency": page.regency_id or "",
        "asks": streamfield([
            ("donation", {"title": "Donasi", "description": "", "target": "5000000", "minimum": "10000",
                          "suggested_amounts": streamfield([("item", "50000")])}),
            ("unavailable", {"original_type": "bookswap", "data": json.dumps(ORPHAN["value"])}),
        ]),
        "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
    })
    # streamfield() gives no ids; keep the original ones so the asks stay the same asks.
    data["asks-0-id"], data["asks-1-id"] = donation_id, ORPHAN["id"]
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = CampaignPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert latest.title == "Kampanye diubah"
    prepared = latest.asks.stream_block.get_prep_value(latest.asks)
    assert {"type": "bookswap", "value": ORPHAN["value"], "id": ORPHAN["id"]} in prepared


def test_editor_cannot_add_an_unavailable_block_by_hand(make_campaign):
    from django.core.exceptions import ValidationError

    page = make_campaign()
    block = page.asks.stream_block.child_blocks["unavailable"]
    try:
        block.clean(block.to_python({"original_type": "bookswap", "data": ""}))
    except ValidationError as error:
        assert "tidak bisa ditambahkan secara manual" in str(error)  # Indonesian, the default language
    else:
        raise AssertionError("an empty unavailable block must be refused")


def test_visitors_do_not_see_unavailable_asks(client, make_campaign):
    page = _add_orphan(make_campaign(asks=[("donation", DONATION)]))
    body = client.get(page.url).content.decode()
    assert "Tukar buku" not in body and "Donasi" in body
    assert client.get(page.url + "dukung/orphan-0001/").status_code == 404
