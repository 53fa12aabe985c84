"""The tenants' world for the isolation tests: ``tests/test_permissions_matrix.build_world`` plus reviews in progress.

Added on top of the matrix's world (OMS A and the leaf OMS in Jawa Tengah, OMS B in Sulawesi
Selatan, B's drafts, files, donations, a Jawa Tengah moderator, communications staff, a national
admin):

- B's draft campaign submitted for launch by B's editor (a workflow state and a task state in
  progress, reviewed by Sulawesi Selatan's moderators), then edited again, so that it is the
  campaign edited last and its title is what a site-wide report would show;
- A's draft campaign in launch review too (Jawa Tengah's moderator's, the controls);
- a moderator of Sulawesi Selatan (``moderator_b``), the one who may review B's draft.

``SECRETS`` are the texts of B that none of the refused actors may ever read.
"""
import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Task, WorkflowState

from lokadaya.testing import module_transaction

PASSWORD = "Kop1-Tubruk-Manis"


def extend_world(world):
    from campaigns.models import CampaignPage
    from network.models import ProvincialNetwork

    User = get_user_model()
    w = world
    # Built as the matrix builds B's draft: same asks and dates.
    draft_a = CampaignPage(title="Draf Peluncuran Semarang A", slug="draf-a", summary="Belum diluncurkan.",
                           asks=list(w.draft_b.asks.raw_data), live=False,
                           start_date=w.draft_b.start_date, end_date=w.draft_b.end_date)
    w.a.add_child(instance=draft_a)
    draft_a.save_revision(user=w.editor_a)
    w["draft_a"] = CampaignPage.objects.get(pk=draft_a.pk)
    # B's draft is the campaign edited last (the page-types report names the last edited page).
    w.draft_b.save_revision(user=w.editor_b)
    w["draft_b"] = CampaignPage.objects.get(pk=w.draft_b.pk)
    for key, editor in (("draft_a", w.editor_a), ("draft_b", w.editor_b)):
        page = w[key]
        page.get_workflow().start(page, editor)
    w["workflow_state_b"] = WorkflowState.objects.for_instance(w.draft_b).get()
    w["task_state_b"] = w.workflow_state_b.current_task_state
    w["workflow_state_a"] = WorkflowState.objects.for_instance(w.draft_a).get()
    w["task_state_a"] = w.workflow_state_a.current_task_state
    w["launch_task"] = w.task_state_b.task.specific
    # A task that has no state on B's draft: Wagtail's preview then says the page is not awaiting it.
    w["other_task"] = Task.objects.exclude(pk=w.launch_task.pk).first() or w.launch_task
    w["moderator_b"] = User.objects.create_user("moderator-sulsel", email="moderator-sulsel@jejaring.id",
                                                password=PASSWORD)
    ProvincialNetwork.objects.get(province__code="73").moderators.add(w.moderator_b)
    return w


def secrets(w, actor=None):
    """What of OMS B the refused ``actor`` may not read: draft titles, its editor, its files, its donors.

    Communications staff may see every collection's images (docs/roles.md), so B's image is no
    secret to them.
    """
    hidden = {
        "B's draft campaign": w.draft_b.title,
        "B's draft story": w.story_b.title,
        "B's editor's email": w.editor_b.email,
        "B's editor's username": w.editor_b.username,
        "B's image": w.image_b.title,
        "B's document": w.document_b.title,
        "B's donor": w.donation_b.name,
        "B's transfer": "Pentransfer Rahasia B",
        "B's private forum thread": w.thread_b.title,
        "B's private forum post": "Isi rahasia B",
        "B's draft alliance": w.alliance_b.title,
        "B's joint action": w.joint_b.title,
        "B's monthly donor": w.plan_b.name,
        "B's monthly donor's email": w.plan_b.email,
        "B's pending fundraiser": w.fundraiser_b.title,
        "B's fundraiser's owner": w.fundraiser_b.owner_email,
        "B's permit": w.permit_b.number,
    }
    if actor == "comms":
        del hidden["B's image"]
    return hidden


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix's world with reviews in progress, built once per test module and rolled back after it."""
    from test_permissions_matrix import build_world

    with module_transaction(django_db_blocker):
        yield extend_world(build_world())


@pytest.fixture
def w(world, db):
    """The world, inside this test's savepoint."""
    return world
