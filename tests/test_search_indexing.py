"""When the index is updated: on publish and unpublish, after the response, never on a draft save.
The support-type rows follow each campaign's asks. A command rebuilds everything."""
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.core.signals import request_finished, request_started
from wagtail.models import Locale, Page

from search import deferred, indexing
from search.backends.languages import only_languages
from search.models import CampaignSupportType

pytest_plugins = ["search.testing"]
pytestmark = pytest.mark.django_db


def found(text, language="id"):
    pages = Page.objects.live().filter(locale=Locale.objects.get(language_code=language))
    with only_languages(language):
        return {page.specific.title for page in pages.search(text)}


@pytest.fixture
def index_calls():
    """Every index task started: (task name, model name, pk, whether a request was still open)."""
    calls = []
    original = indexing._enqueue

    def record(task, app_label, model_name, pk):
        calls.append((task.name, model_name, pk, deferred.in_request()))
        return original(task, app_label, model_name, pk)

    with mock.patch.object(indexing, "_enqueue", side_effect=record):
        yield calls


def test_a_draft_save_does_not_touch_the_index_and_publishing_does(search_world, index_calls):
    page = search_world.waste
    page.summary = "Kalajengking muncul di draf."
    page.save_revision()
    assert index_calls == []
    assert found("kalajengking") == set()
    page.get_latest_revision().publish()
    assert ("update_object", "campaignpage", str(page.pk), False) in index_calls
    assert found("kalajengking") == {"Gerakan Bank Sampah Kampung"}


def test_unpublish_and_delete_update_the_index(search_world, index_calls):
    from wagtail.search.models import IndexEntry

    well = search_world.well
    well.unpublish()
    assert ("update_object", "campaignpage", str(well.pk), False) in index_calls
    assert "Sumur Bor Magelang" not in found("sumur")
    pk = well.pk
    well.delete()
    assert any(name == "remove_object" and key == str(pk) for name, _model, key, _open in index_calls)
    assert not IndexEntry.objects.filter(object_id=str(pk)).exists()


def test_inside_a_request_the_index_is_updated_after_the_response(client, search_world, index_calls):
    admin = get_user_model().objects.create_superuser("admin-cari", "admin@contoh.id", "rahasia-123")
    client.force_login(admin)
    response = client.post(f"/admin/pages/{search_world.sewing.pk}/unpublish/")
    assert response.status_code == 302
    updates = [call for call in index_calls if call[2] == str(search_world.sewing.pk)]
    assert updates and all(open_request is False for *_rest, open_request in updates)
    assert len(updates) == 1  # the save and the unpublished signal: one update


def test_deferred_jobs_wait_for_the_end_of_the_request_and_run_once():
    ran = []
    request_started.send(sender=None)
    try:
        deferred.after_response("k", lambda: ran.append(1))
        deferred.after_response("k", lambda: ran.append(2))
        deferred.after_response("other", lambda: 1 / 0)  # a failing job is logged, never raised
        assert ran == [] and deferred.in_request()
    finally:
        request_finished.send(sender=None)
    assert ran == [1] and not deferred.in_request()
    deferred.after_response("now", lambda: ran.append(3))  # outside a request: at once
    assert ran == [1, 3]


def test_a_batch_runs_each_job_once_at_its_end_and_none_when_it_fails():
    ran = []
    with deferred.batched():
        deferred.after_response("k", lambda: ran.append(1))
        deferred.after_response("k", lambda: ran.append(2))
        with deferred.batched():  # nested: the outer block's end runs it
            deferred.after_response("inner", lambda: ran.append(3))
        assert ran == [] and deferred.in_request()
    assert ran == [1, 3] and not deferred.in_request()
    with pytest.raises(ZeroDivisionError), deferred.batched():
        deferred.after_response("lost", lambda: ran.append(4))
        1 / 0
    assert ran == [1, 3] and not deferred.in_request()
    deferred.after_response("now", lambda: ran.append(5))  # after the blocks: at once again
    assert ran == [1, 3, 5]


def test_support_type_rows_follow_the_published_asks(search_world):
    from search.testing import ask, publish

    waste = search_world.waste

    def rows(page):
        return set(CampaignSupportType.objects.filter(campaign=page).values_list("type_key", flat=True))

    assert rows(waste) == {"donation", "inkind"}
    assert rows(search_world.waste_en) == {"donation", "inkind"}  # the translation has its own rows
    draft = waste.get_latest_revision_as_object()
    draft.asks = [ask("volunteering")]
    draft.save_revision()
    assert rows(waste) == {"donation", "inkind"}  # a draft changes nothing
    publish(draft)
    assert rows(waste) == {"volunteering"}


def test_sync_is_idempotent_and_tolerates_a_concurrent_writer(search_world):
    from search.support_types import sync_support_types

    waste = search_world.waste
    assert sync_support_types(waste) == {"donation", "inkind"}
    assert CampaignSupportType.objects.filter(campaign=waste).count() == 2
    # Another process inserts the same row between our read and our write: no error, no duplicate.
    CampaignSupportType.objects.filter(campaign=waste, type_key="inkind").delete()
    real_bulk_create = CampaignSupportType.objects.bulk_create

    def racing(rows, **kwargs):
        real_bulk_create([CampaignSupportType(campaign=waste, type_key="inkind")])
        return real_bulk_create(rows, **kwargs)

    with mock.patch.object(CampaignSupportType.objects, "bulk_create", side_effect=racing):
        assert sync_support_types(waste) == {"donation", "inkind"}
    assert sorted(CampaignSupportType.objects.filter(campaign=waste).values_list("type_key", flat=True)) == [
        "donation", "inkind"]


def test_the_rebuild_command_restores_everything(search_world):
    from io import StringIO

    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()
    CampaignSupportType.objects.all().delete()
    assert found("sampah") == set()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Jenis dukungan: 5 kampanye, 7 baris." in out.getvalue()
    assert {"Gerakan Bank Sampah Kampung", "Bank Sampah Semarang"} <= found("sampah")
    assert set(CampaignSupportType.objects.filter(campaign=search_world.waste).values_list("type_key", flat=True)) == {
        "donation", "inkind"}


def test_the_rebuild_command_rejects_an_unknown_backend(search_world):
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("rebuild_search_index", backend="atlantis")
