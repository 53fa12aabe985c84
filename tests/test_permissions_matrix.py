"""Who may do what (docs/roles.md), as a matrix: every cell makes the real request and checks the refusal.

Rows are roles (an OMS editor, a provincial moderator, communications staff, the public), columns
are actions on someone else's things: an editor of OMS A on OMS B's drafts, pages, images,
documents, pledges and donor data; a moderator outside their province; anyone but a national admin
on the platform settings. Each cell asserts the exact refusal (Wagtail's redirect to the dashboard
with its "no permission" message, a 404 that does not reveal the object, or a 200 that does not
list it) and, for a change, that nothing changed. A national admin's request to each setting is the
control: the same URL answers 200 to them.

The world (two verified OMS in different provinces, drafts, an image, a document, donations, a
bank transfer, a pending OMS) is built once for the module inside a transaction rolled back at the
end; every test runs in a savepoint of it.
"""
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone, translation
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import GroupPagePermission, Locale, Page, Site

from banktransfer.testing import give_by_transfer, set_bank_account
from campaigns.models import CampaignPage
from finance.models import FeeSetting
from lokadaya.testing import module_transaction
from network.models import ProvincialNetwork
from partners.models import OrganisationPage
from plugins.donation.models import Donation, Payment

PASSWORD = "Kop1-Tubruk-Manis"
User = get_user_model()
DONATION_ASK = ("donation", {"title": "Donasi", "target": Decimal("5000000"), "minimum": Decimal("10000"),
                             "suggested_amounts": [50000]})


# -- the world ---------------------------------------------------------------------------------


class World(dict):
    __getattr__ = dict.__getitem__


def _publish(page):
    page.save_revision().publish()
    return page


def _png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (20, 110, 70)).save(buffer, "PNG")
    return buffer.getvalue()


def _donation(campaign, name, amount="250000"):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount), status="confirmed",
                                     billing_email=f"{name.split()[0].lower()}@contoh.id")
    return Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount),
                                   payment=payment, name=name, email=payment.billing_email,
                                   status=Donation.Status.CONFIRMED, received_amount=Decimal(amount))


def _campaign(parent, slug, title, live=True):
    page = CampaignPage(title=title, slug=slug, summary=f"Ringkasan {title}.", asks=[DONATION_ASK], live=live,
                        start_date=timezone.localdate(), end_date=timezone.localdate() + timezone.timedelta(days=30))
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return CampaignPage.objects.get(pk=page.pk)


def _user(username, **fields):
    return User.objects.create_user(username, email=f"{username}@contoh.id", password=PASSWORD, **fields)


def build_world():
    from home.models import HomePage
    from partners.models import OrganisationIndexPage
    from partners.registration import confirm, register
    from partners.forms import RegistrationForm
    from partners.testing import registration_data
    from partners.verification import mark_verified
    from regions.models import Regency
    from stories.models import StoryIndexPage, StoryPage

    locale = Locale.objects.get(language_code="id")
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Lokadaya", slug="home", locale=locale))
    _publish(home)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Lokadaya")
    index = _publish(home.add_child(instance=OrganisationIndexPage(title="Mitra", slug="mitra")))
    story_index = _publish(home.add_child(instance=StoryIndexPage(title="Cerita Perubahan", slug="cerita-perubahan")))

    def oms(slug, title, regency_code):
        page = OrganisationPage(title=title, slug=slug, regency=Regency.objects.get(code=regency_code),
                                email=f"halo@{slug}.id", summary=f"Profil {title}.")
        index.add_child(instance=page)
        _publish(page)
        page, access = mark_verified(page)
        editor = _user(f"editor-{slug}")
        editor.groups.add(access.group)
        return page, access, editor

    a, access_a, editor_a = oms("oms-a", "OMS Semarang A", "33.74")
    b, access_b, editor_b = oms("oms-b", "OMS Makassar B", "73.71")
    leaf, _access_leaf, editor_leaf = oms("oms-daun", "OMS Daun", "33.74")
    set_bank_account(b)
    b = OrganisationPage.objects.get(pk=b.pk)

    camp_a = _campaign(a, "kampanye-a", "Kampanye Semarang A")
    camp_b = _campaign(b, "kampanye-b", "Kampanye Makassar B")
    draft_b = _campaign(b, "draf-b", "Rahasia Draf B", live=False)
    transfer_campaign_b = CampaignPage.objects.get(pk=camp_b.pk)
    story_b = StoryPage(title="Cerita Draf Rahasia B", slug="cerita-draf-b", summary="Belum terbit.", live=False)
    b.add_child(instance=story_b)
    story_b.save_revision()
    image_b = Image.objects.create(title="Foto Rahasia B", file=ContentFile(_png(), name="foto-b.png"),
                                   collection=access_b.collection)
    image_a = Image.objects.create(title="Foto Milik A", file=ContentFile(_png(), name="foto-a.png"),
                                   collection=access_a.collection)
    document_b = Document.objects.create(title="Laporan Rahasia B", file=ContentFile(b"%PDF-1.4\n%%EOF\n",
                                                                                    name="laporan-b.pdf"),
                                         collection=access_b.collection)
    donation_a = _donation(camp_a, "Donatur Semarang Terbuka")
    donation_b = _donation(camp_b, "Donatur Rahasia Makassar")
    with translation.override("id"):
        token, _response = give_by_transfer(Client(), transfer_campaign_b, name="Pentransfer Rahasia B")
    from banktransfer.models import BankTransfer

    transfer_b = BankTransfer.objects.get(payment__token=token)

    # A pending OMS in Sulawesi Tenggara (74), registered and confirmed through the real flow.
    form = RegistrationForm(data=registration_data())
    assert form.is_valid(), form.errors
    pending, applicant = register(form)
    confirm(applicant)

    moderator = _user("moderator-jateng")
    ProvincialNetwork.objects.get(province__code="33").moderators.add(moderator)
    comms_group, _created = Group.objects.get_or_create(name="Komunikasi")
    comms_group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(group=comms_group, page=story_index, permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename))
    comms = _user("komunikasi")
    comms.groups.add(comms_group)
    admin = User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    # What national finance alone handles: a failed gateway notification, a flagged donation.
    from finance.ledger import flag_money
    from gateways.models import InboxItem

    dead_item = InboxItem.objects.create(provider="midtrans", variant="midtrans", delivery_id="d-1",
                                         body_sha256="0" * 64, order_id=donation_b.payment.token, body="{}",
                                         status=InboxItem.Status.DEAD, last_error="status API down")
    flag_b = flag_money(donation_b, camp_b, "overpayment", Decimal("250000"), Decimal("260000"))
    # B's province's private forum space with B's thread, and B's draft alliance with its joint action.
    from alliances.models import AllianceIndexPage, AllianceMembership, AlliancePage, JointAction
    from forums.models import Post, Thread
    from forums.spaces import space_for_network

    space_b = space_for_network(ProvincialNetwork.objects.get(province__code="73"))
    thread_b = Thread.objects.create(space=space_b, title="Diskusi Rahasia Makassar B", author=editor_b,
                                     organisation=b, last_post_at=timezone.now(), post_count=1)
    post_b = Post.objects.create(thread=thread_b, author=editor_b, organisation=b, body="Isi rahasia B",
                                 body_html="<p>Isi rahasia B</p>")
    alliance_index = AllianceIndexPage(title="Aliansi", slug="aliansi")
    home.add_child(instance=alliance_index)
    _publish(alliance_index)
    alliance_b = AlliancePage(title="Aliansi Rahasia B", slug="aliansi-rahasia-b", lead_organisation=b,
                              level="national", policy_issue="Isu rahasia B", live=False)
    alliance_index.add_child(instance=alliance_b)
    alliance_b.save_revision()
    AllianceMembership.objects.create(alliance=alliance_b, organisation=b, status="member", is_lead=True)
    joint_b = JointAction.objects.create(alliance=alliance_b, type_key="donation", title="Aksi Rahasia B")
    # Giving that lasts: B's monthly donor, a supporter's fundraiser waiting for B's approval, B's
    # permit waiting for Sulawesi Selatan's moderators, and a national matching fund.
    plan_b, fundraiser_b, permit_b, fund = _giving_world(camp_b, donation_b, editor_b)
    return World(
        dead_item=dead_item, flag_b=flag_b, space_b=space_b, thread_b=thread_b, post_b=post_b,
        alliance_b=alliance_b, joint_b=joint_b, plan_b=plan_b, fundraiser_b=fundraiser_b, permit_b=permit_b,
        match_fund=fund,
        home=home, index=index, story_index=story_index, a=a, b=b, leaf=leaf, access_a=access_a, access_b=access_b,
        editor_a=editor_a, editor_b=editor_b, editor_leaf=editor_leaf, camp_a=camp_a, camp_b=camp_b,
        draft_b=draft_b, story_b=story_b, image_a=image_a, image_b=image_b, document_b=document_b,
        donation_a=donation_a, donation_b=donation_b, transfer_b=transfer_b, pending=pending,
        moderator=moderator, comms=comms, admin=admin,
    )


def _giving_world(camp_b, donation_b, editor_b):
    import datetime

    from django.core.files.base import ContentFile

    from permits.models import FundraisingPermit
    from plugins.donation.models import Fundraiser, MatchFund, RecurringDonation
    from regions.models import Province

    today = timezone.localdate()
    plan_b = RecurringDonation.objects.create(
        campaign=camp_b, ask_id=donation_b.ask_id, name="Donatur Rutin Rahasia B", email="rutin-rahasia-b@contoh.id",
        amount=Decimal("75000"), method="dummy", charge_day=5, status=RecurringDonation.Status.ACTIVE,
        next_charge_on=today + datetime.timedelta(days=20))
    fundraiser_b = Fundraiser.objects.create(
        campaign=camp_b, ask_id=donation_b.ask_id, slug="penggalangan-rahasia-b", title="Penggalangan Rahasia B",
        story="Ulang tahun rahasia.", target=Decimal("1000000"), owner_name="Pemilik Rahasia B",
        owner_email="penggalang-rahasia-b@contoh.id")
    permit_b = FundraisingPermit(
        campaign=camp_b, number="PUB-RAHASIA-B", issuer="Dinas Sosial Sulawesi Selatan", scope="province",
        province=Province.objects.get(code="73"), valid_from=today, valid_until=today + datetime.timedelta(days=90),
        submitted_by=editor_b)
    permit_b.document.save("izin-b.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    permit_b.save()
    fund = MatchFund.objects.create(sponsor_name="Mitra Strategis Nasional", cap=Decimal("5000000"),
                                    province=Province.objects.get(code="73"), starts_on=today,
                                    ends_on=today + datetime.timedelta(days=60), status=MatchFund.Status.ACTIVE)
    return plan_b, fundraiser_b, permit_b, fund


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with module_transaction(django_db_blocker):
        yield build_world()


@pytest.fixture
def w(world, db):
    """The world, inside this test's savepoint."""
    return world


# -- how a refusal looks -------------------------------------------------------------------------


def _denial_message():
    """Wagtail's own words for a refused admin view, in Indonesian."""
    with translation.override("id"):
        return str(translation.gettext("Sorry, you do not have permission to access this area."))


def denied(response, world):
    """Wagtail's refusal: back to the dashboard, with the "no permission" message."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == "/admin/", response["Location"]
    messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
    assert _denial_message() in messages, messages


def not_found(response, world):
    assert response.status_code == 404, response.status_code


def to_login(response, world):
    location = response.get("Location", "")
    assert response.status_code == 302 and ("/admin/login/" in location or "/daftar-mitra/masuk/" in location), (
        response.status_code, location)


def redirected_to(url):
    def check(response, world):
        expected = url(world) if callable(url) else url
        assert response.status_code == 302 and response["Location"] == expected, (
            response.status_code, response.get("Location"), expected)
    return check


def shown_without(*texts):
    """A 200 that does not contain any of ``texts`` (strings, or functions of the world)."""
    def check(response, world):
        assert response.status_code == 200, response.status_code
        body = response.content.decode()
        for text in texts:
            value = text(world) if callable(text) else text
            assert value not in body, value
    return check


def csv_without(present, absent):
    def check(response, world):
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert present(world) in body and absent(world) not in body
    return check


def api_refused(response, world):
    """The admin API will not list the children of a page outside the user's explorable tree."""
    assert response.status_code == 400, response.status_code
    assert response.json() == {"message": "parent page doesn't exist"}, response.json()


def answered(response, world):
    """Any answer but a server error: the cell's ``unchanged`` check is the refusal."""
    assert response.status_code in (200, 302), response.status_code


@dataclass
class Cell:
    id: str
    role: str
    method: str
    url: Callable
    expect: Callable
    data: Callable = field(default=lambda w: {})
    unchanged: Callable = field(default=None)
    follow_up: Callable = field(default=None)

    def __str__(self):
        return self.id


def role_user(world, role):
    return None if role == "public" else world[role]


def run(cell, w):
    client = Client()
    user = role_user(w, cell.role)
    if user is not None:
        client.force_login(user)
    before = cell.unchanged(w) if cell.unchanged else None
    url = cell.url(w)
    response = client.get(url) if cell.method == "GET" else client.post(url, cell.data(w))
    cell.expect(response, w)
    if cell.unchanged:
        assert cell.unchanged(w) == before, cell.id
    return response


# -- what "unchanged" means ----------------------------------------------------------------------


def page_state(key):
    def state(w):
        page = Page.objects.get(pk=w[key].pk)
        return (page.title, page.draft_title, page.live, page.path, page.locked, page.has_unpublished_changes,
                page.latest_revision_id)
    return state


def page_count(w):
    return Page.objects.count()


def image_state(w):
    return list(Image.objects.filter(pk=w.image_b.pk).values_list("title", "collection_id"))


def document_state(w):
    return list(Document.objects.filter(pk=w.document_b.pk).values_list("title", "collection_id"))


def donation_state(w):
    return list(Donation.objects.filter(pk=w.donation_b.pk).values_list("status", "amount"))


def transfer_state(w):
    from banktransfer.models import BankTransfer

    return list(BankTransfer.objects.filter(pk=w.transfer_b.pk).values_list("status", "reviewed_by"))


def group_members(key):
    def state(w):
        return sorted(w[key].group.user_set.values_list("username", flat=True))
    return state


def verification_state(key):
    def state(w):
        page = OrganisationPage.objects.get(pk=w[key].pk)
        return (page.verification_status, page.live, page.verification_events.count())
    return state


def fee_state(w):
    return list(FeeSetting.objects.values_list("pk", "percentage"))


def inbox_state(w):
    from gateways.models import InboxItem

    return list(InboxItem.objects.values_list("pk", "status", "attempts"))


def flag_state(w):
    from finance.models import MoneyFlag

    return list(MoneyFlag.objects.values_list("pk", "resolved_at", "resolution"))


def network_state(w):
    network = ProvincialNetwork.objects.get(province__code="33")
    return (network.name, sorted(network.moderators.values_list("pk", flat=True)))


def edit_data(w, title="Diambil alih"):
    return {"title": title, "slug": "draf-b", "summary": "x", "action-publish": "action-publish",
            "asks-count": "0", "start_date": "2026-01-01"}


# -- the matrix ----------------------------------------------------------------------------------

DRAFT = lambda w: w.draft_b.title  # noqa: E731
DRAFT_STORY = lambda w: w.story_b.title  # noqa: E731
IMAGE_B = lambda w: w.image_b.title  # noqa: E731
DOC_B = lambda w: w.document_b.title  # noqa: E731
DONOR_B = lambda w: w.donation_b.name  # noqa: E731
DONOR_A = lambda w: w.donation_a.name  # noqa: E731

EDITOR_CELLS = [
    # Seeing B's drafts
    # The explorer sends the editor back to the top of their own subtree.
    Cell("explore B's page", "editor_a", "GET", lambda w: f"/admin/pages/{w.b.pk}/",
         redirected_to(lambda w: f"/admin/pages/{w.a.pk}/")),
    Cell("explorer search", "editor_a", "GET", lambda w: "/admin/pages/search/?q=Rahasia",
         shown_without(DRAFT, DRAFT_STORY)),
    Cell("page chooser: B's children", "editor_a", "GET", lambda w: f"/admin/choose-page/{w.b.pk}/",
         shown_without(DRAFT, DRAFT_STORY)),
    Cell("page chooser: search", "editor_a", "GET", lambda w: "/admin/choose-page/search/?q=Rahasia",
         shown_without(DRAFT, DRAFT_STORY)),
    Cell("admin API: B's draft", "editor_a", "GET", lambda w: f"/admin/api/main/pages/{w.draft_b.pk}/", not_found),
    Cell("admin API: B's children", "editor_a", "GET",
         lambda w: f"/admin/api/main/pages/?child_of={w.b.pk}&for_explorer=1", api_refused),
    Cell("edit form of B's draft", "editor_a", "GET", lambda w: f"/admin/pages/{w.draft_b.pk}/edit/", denied),
    Cell("view B's draft", "editor_a", "GET", lambda w: f"/admin/pages/{w.draft_b.pk}/view_draft/", denied),
    Cell("preview B's draft", "editor_a", "POST", lambda w: f"/admin/pages/{w.draft_b.pk}/edit/preview/", denied),
    Cell("B's draft revision", "editor_a", "GET",
         lambda w: f"/admin/pages/{w.draft_b.pk}/revisions/{w.draft_b.latest_revision_id}/view/", denied),
    Cell("B's page history", "editor_a", "GET", lambda w: f"/admin/pages/{w.draft_b.pk}/history/", denied),
    Cell("B's page usage", "editor_a", "GET", lambda w: f"/admin/pages/{w.draft_b.pk}/usage/", denied),
    # Changing B's pages
    Cell("edit and publish B's draft", "editor_a", "POST", lambda w: f"/admin/pages/{w.draft_b.pk}/edit/", denied,
         data=edit_data, unchanged=page_state("draft_b")),
    Cell("edit B's profile", "editor_a", "POST", lambda w: f"/admin/pages/{w.b.pk}/edit/", denied,
         data=lambda w: {"title": "Diambil alih", "slug": "oms-b"}, unchanged=page_state("b")),
    Cell("revert B's revision", "editor_a", "POST",
         lambda w: f"/admin/pages/{w.draft_b.pk}/revisions/{w.draft_b.latest_revision_id}/revert/", denied,
         unchanged=page_state("draft_b")),
    Cell("unpublish B's campaign", "editor_a", "POST", lambda w: f"/admin/pages/{w.camp_b.pk}/unpublish/", denied,
         unchanged=page_state("camp_b")),
    Cell("move B's campaign to A", "editor_a", "POST",
         lambda w: f"/admin/pages/{w.camp_b.pk}/move/{w.a.pk}/confirm/", denied, unchanged=page_state("camp_b")),
    Cell("move A's campaign into B", "editor_a", "POST",
         lambda w: f"/admin/pages/{w.camp_a.pk}/move/{w.b.pk}/confirm/", denied, unchanged=page_state("camp_a")),
    Cell("delete B's campaign", "editor_a", "POST", lambda w: f"/admin/pages/{w.camp_b.pk}/delete/", denied,
         unchanged=page_count),
    Cell("bulk-delete B's campaign", "editor_a", "POST",
         lambda w: f"/admin/bulk/wagtailcore/page/delete/?id={w.camp_b.pk}&id={w.draft_b.pk}",
         answered, unchanged=page_count),
    Cell("bulk-delete form names no draft", "editor_a", "GET",
         lambda w: f"/admin/bulk/wagtailcore/page/delete/?id={w.draft_b.pk}&id={w.story_b.pk}",
         shown_without(DRAFT, DRAFT_STORY)),
    Cell("copy B's campaign", "editor_a", "POST", lambda w: f"/admin/pages/{w.camp_b.pk}/copy/", denied,
         data=lambda w: {"new_title": "Salinan", "new_slug": "salinan", "new_parent_page": w.a.pk},
         unchanged=page_count),
    Cell("add a page under B", "editor_a", "POST", lambda w: f"/admin/pages/add/campaigns/campaignpage/{w.b.pk}/",
         denied, data=lambda w: {"title": "Sisipan", "slug": "sisipan"}, unchanged=page_count),
    Cell("lock B's campaign", "editor_a", "POST", lambda w: f"/admin/pages/{w.camp_b.pk}/lock/", denied,
         unchanged=page_state("camp_b")),
    Cell("B's view restrictions", "editor_a", "GET", lambda w: f"/admin/pages/{w.camp_b.pk}/privacy/", denied),
    # B's images
    Cell("image listing", "editor_a", "GET", lambda w: "/admin/images/", shown_without(IMAGE_B)),
    Cell("image chooser", "editor_a", "GET", lambda w: "/admin/images/chooser/", shown_without(IMAGE_B)),
    Cell("image chooser search", "editor_a", "GET", lambda w: "/admin/images/chooser/results/?q=Rahasia",
         shown_without(IMAGE_B)),
    Cell("edit B's image", "editor_a", "GET", lambda w: f"/admin/images/{w.image_b.pk}/", denied),
    Cell("change B's image", "editor_a", "POST", lambda w: f"/admin/images/{w.image_b.pk}/", denied,
         data=lambda w: {"title": "Diambil alih", "collection": w.access_a.collection.pk}, unchanged=image_state),
    Cell("delete B's image", "editor_a", "POST", lambda w: f"/admin/images/{w.image_b.pk}/delete/", denied,
         unchanged=image_state),
    Cell("B's image preview", "editor_a", "GET", lambda w: f"/admin/images/{w.image_b.pk}/preview/original/", denied),
    Cell("B's image usage", "editor_a", "GET", lambda w: f"/admin/images/usage/{w.image_b.pk}/", denied),
    Cell("bulk-delete form names not B's image", "editor_a", "GET",
         lambda w: f"/admin/bulk/wagtailimages/image/delete/?id={w.image_b.pk}", shown_without(IMAGE_B)),
    Cell("bulk-delete B's image", "editor_a", "POST",
         lambda w: f"/admin/bulk/wagtailimages/image/delete/?id={w.image_b.pk}", answered, unchanged=image_state),
    Cell("choose B's image", "editor_a", "GET", lambda w: f"/admin/images/chooser/{w.image_b.pk}/", not_found),
    # B's documents
    Cell("document listing", "editor_a", "GET", lambda w: "/admin/documents/", shown_without(DOC_B)),
    Cell("document chooser", "editor_a", "GET", lambda w: "/admin/documents/chooser/", shown_without(DOC_B)),
    Cell("document chooser search", "editor_a", "GET", lambda w: "/admin/documents/chooser/results/?q=Rahasia",
         shown_without(DOC_B)),
    Cell("edit B's document", "editor_a", "GET", lambda w: f"/admin/documents/edit/{w.document_b.pk}/", denied),
    Cell("delete B's document", "editor_a", "POST", lambda w: f"/admin/documents/delete/{w.document_b.pk}/", denied,
         unchanged=document_state),
    Cell("bulk-delete form names not B's document", "editor_a", "GET",
         lambda w: f"/admin/bulk/wagtaildocs/document/delete/?id={w.document_b.pk}", shown_without(DOC_B)),
    Cell("bulk-move B's document to A", "editor_a", "POST",
         lambda w: f"/admin/bulk/wagtaildocs/document/add_to_collection/?id={w.document_b.pk}", answered,
         data=lambda w: {"collection": w.access_a.collection.pk}, unchanged=document_state),
    Cell("choose B's document", "editor_a", "GET", lambda w: f"/admin/documents/chooser/{w.document_b.pk}/",
         not_found),
    # B's pledges and donor data
    Cell("donation records", "editor_a", "GET", lambda w: "/admin/galang-daya/donation/", shown_without(DONOR_B)),
    Cell("donation CSV export", "editor_a", "GET", lambda w: "/admin/galang-daya/donation/?export=csv",
         csv_without(DONOR_A, DONOR_B)),
    Cell("B's donation", "editor_a", "GET", lambda w: f"/admin/galang-daya/donation/{w.donation_b.pk}/", not_found),
    Cell("change B's donation", "editor_a", "POST", lambda w: f"/admin/galang-daya/donation/{w.donation_b.pk}/",
         not_found, data=lambda w: {"status": "refunded", "note": "x"}, unchanged=donation_state),
    Cell("B's bank transfer", "editor_a", "GET", lambda w: f"/admin/transfer-bank/{w.transfer_b.pk}/", not_found),
    Cell("reject B's bank transfer", "editor_a", "POST", lambda w: f"/admin/transfer-bank/{w.transfer_b.pk}/tolak/",
         not_found, data=lambda w: {"reason": "x"}, unchanged=transfer_state),
    Cell("bank transfer listing", "editor_a", "GET", lambda w: "/admin/transfer-bank/?status=all",
         shown_without("Pentransfer Rahasia B")),
    # B's editors
    Cell("B's editors", "editor_a", "GET", lambda w: f"/admin/mitra/{w.b.pk}/editor/", not_found),
    Cell("invite into B", "editor_a", "POST", lambda w: f"/admin/mitra/{w.b.pk}/editor/", not_found,
         data=lambda w: {"name": "Penyusup", "email": "penyusup@contoh.id"}, unchanged=group_members("access_b")),
    Cell("remove B's editor", "editor_a", "POST",
         lambda w: f"/admin/mitra/{w.b.pk}/editor/{w.editor_b.pk}/hapus/", not_found,
         unchanged=group_members("access_b")),
    # Not a moderator
    Cell("verification queue", "editor_a", "GET", lambda w: "/admin/mitra/verifikasi/", denied),
    Cell("verify a pending OMS", "editor_a", "POST", lambda w: f"/admin/mitra/verifikasi/{w.pending.pk}/", denied,
         data=lambda w: {"action": "verify"}, unchanged=verification_state("pending")),
    # Its own profile page stays where it is (national admins only): the permission policy
    # refuses it (tenancy/permissions.py), before any view runs.
    Cell("delete own profile", "editor_leaf", "POST", lambda w: f"/admin/pages/{w.leaf.pk}/delete/",
         denied, unchanged=page_count),
    Cell("unverify through own profile form", "editor_a", "POST", lambda w: f"/admin/pages/{w.a.pk}/edit/",
         answered, data=lambda w: {"title": "OMS Semarang A", "slug": "oms-a", "verification_status": "rejected",
                                         "is_verified": "", "regency": w.a.regency_id},
         unchanged=verification_state("a")),
]

MODERATOR_CELLS = [
    Cell("queue of another province", "moderator", "GET", lambda w: "/admin/mitra/verifikasi/",
         shown_without(lambda w: w.pending.title)),
    Cell("pending OMS of another province", "moderator", "GET",
         lambda w: f"/admin/mitra/verifikasi/{w.pending.pk}/", not_found),
    Cell("verify in another province", "moderator", "POST", lambda w: f"/admin/mitra/verifikasi/{w.pending.pk}/",
         not_found, data=lambda w: {"action": "verify"}, unchanged=verification_state("pending")),
    Cell("reject in another province", "moderator", "POST", lambda w: f"/admin/mitra/verifikasi/{w.pending.pk}/",
         not_found, data=lambda w: {"action": "reject", "note": "Tidak"}, unchanged=verification_state("pending")),
    Cell("edit an OMS of own province", "moderator", "GET", lambda w: f"/admin/pages/{w.a.pk}/edit/", denied),
    Cell("delete a campaign of own province", "moderator", "POST", lambda w: f"/admin/pages/{w.camp_a.pk}/delete/",
         denied, unchanged=page_count),
    Cell("donor data of own province", "moderator", "GET", lambda w: "/admin/galang-daya/donation/",
         shown_without(DONOR_A, DONOR_B)),
    Cell("a donation of own province", "moderator", "GET",
         lambda w: f"/admin/galang-daya/donation/{w.donation_a.pk}/", not_found),
    Cell("editors of an OMS of own province", "moderator", "GET", lambda w: f"/admin/mitra/{w.a.pk}/editor/",
         not_found),
    Cell("images of OMS", "moderator", "GET", lambda w: "/admin/images/", denied),
]

COMMS_CELLS = [
    Cell("verification queue", "comms", "GET", lambda w: "/admin/mitra/verifikasi/", denied),
    Cell("verify an OMS", "comms", "POST", lambda w: f"/admin/mitra/verifikasi/{w.pending.pk}/", denied,
         data=lambda w: {"action": "verify"}, unchanged=verification_state("pending")),
    Cell("edit an OMS profile", "comms", "GET", lambda w: f"/admin/pages/{w.b.pk}/edit/", denied),
    Cell("view an OMS draft", "comms", "GET", lambda w: f"/admin/pages/{w.draft_b.pk}/view_draft/", denied),
    Cell("donor data", "comms", "GET", lambda w: "/admin/galang-daya/donation/", shown_without(DONOR_A, DONOR_B)),
    Cell("a donation", "comms", "GET", lambda w: f"/admin/galang-daya/donation/{w.donation_b.pk}/", not_found),
    Cell("an OMS's editors", "comms", "GET", lambda w: f"/admin/mitra/{w.b.pk}/editor/", not_found),
]

PUBLIC_CELLS = [
    Cell("a pending OMS's page", "public", "GET", lambda w: w.pending.url_path.replace("/home/", "/id/", 1),
         not_found),
    Cell("an OMS draft", "public", "GET", lambda w: "/id/mitra/oms-b/draf-b/", not_found),
    Cell("verification queue", "public", "GET", lambda w: "/admin/mitra/verifikasi/", to_login),
    Cell("verify an OMS", "public", "POST", lambda w: f"/admin/mitra/verifikasi/{w.pending.pk}/", to_login,
         data=lambda w: {"action": "verify"}, unchanged=verification_state("pending")),
    Cell("someone's application", "public", "GET", lambda w: f"/id/daftar-mitra/status/{w.pending.pk}/ubah/",
         to_login),
]

# Platform settings: only national admins (superusers; finance staff for the fee and disbursements).
SETTINGS = [
    ("management fee", "GET", lambda w: "/admin/keuangan/fee/", None, None),
    ("change the fee", "POST", lambda w: "/admin/keuangan/fee/",
     lambda w: {"percentage": "1.00", "effective_from": "2026-01-01 00:00", "note": "x"}, fee_state),
    ("disbursements", "GET", lambda w: "/admin/keuangan/disbursements/", None, None),
    ("gateway notifications", "GET", lambda w: "/admin/keuangan/notifikasi/", None, None),
    ("money flags", "GET", lambda w: "/admin/keuangan/tanda/", None, None),
    ("sites", "GET", lambda w: "/admin/sites/", None, None),
    ("users", "GET", lambda w: "/admin/users/", None, None),
    ("groups", "GET", lambda w: "/admin/groups/", None, None),
    ("locales", "GET", lambda w: "/admin/locales/", None, None),
    ("collections", "GET", lambda w: "/admin/collections/", None, None),
    ("workflows", "GET", lambda w: "/admin/workflows/list/", None, None),
    ("redirects", "GET", lambda w: "/admin/redirects/", None, None),
    ("provincial networks", "GET", lambda w: "/admin/provincial_networks/", None, None),
    ("change a network's moderators", "POST",
     lambda w: f"/admin/provincial_networks/edit/{ProvincialNetwork.objects.get(province__code='33').pk}/",
     lambda w: {"name": "Diambil alih", "moderators": [w.editor_a.pk]}, network_state),
    ("strategic partners", "GET", lambda w: "/admin/snippets/programmes/strategicpartner/", None, None),
]

# Actions of national finance alone (their control: test_national_finance_handles_failures_and_flags).
FINANCE_ACTIONS = [
    ("retry a gateway notification", "POST", lambda w: "/admin/keuangan/notifikasi/retry/",
     lambda w: {"item": [w.dead_item.pk]}, inbox_state),
    ("resolve a money flag", "POST", lambda w: "/admin/keuangan/tanda/",
     lambda w: {"flag": w.flag_b.pk, "resolution": "x"}, flag_state),
]

SETTINGS_CELLS = [
    Cell(f"{name} ({role})", role, method, url, denied, data=data or (lambda w: {}), unchanged=unchanged)
    for role in ("editor_a", "moderator", "comms")
    for name, method, url, data, unchanged in SETTINGS + FINANCE_ACTIONS
]
SETTINGS_CELLS += [
    Cell("django admin (editor_a)", "editor_a", "GET", lambda w: "/django-admin/",
         redirected_to("/django-admin/login/?next=/django-admin/")),
    Cell("django admin (moderator)", "moderator", "GET", lambda w: "/django-admin/",
         redirected_to("/django-admin/login/?next=/django-admin/")),
]

ALL_CELLS = EDITOR_CELLS + MODERATOR_CELLS + COMMS_CELLS + PUBLIC_CELLS + SETTINGS_CELLS


@pytest.mark.parametrize("cell", ALL_CELLS, ids=str)
def test_refused(cell, w):
    run(cell, w)


@pytest.mark.parametrize("name, method, url, data, unchanged", SETTINGS, ids=[row[0] for row in SETTINGS])
def test_national_admin_may(name, method, url, data, unchanged, w):
    """The control: the same setting answers a national admin."""
    client = Client()
    client.force_login(w.admin)
    response = client.get(url(w))
    assert response.status_code == 200, (name, response.status_code, response.get("Location"))


def test_national_finance_handles_failures_and_flags(w):
    """The control of FINANCE_ACTIONS: a member of "Keuangan Nasional" retries and resolves."""
    from finance.models import MoneyFlag
    from gateways.models import InboxItem

    finance_user = User.objects.create_user("keuangan", "keuangan@lokadaya.id", PASSWORD)
    finance_user.groups.add(Group.objects.get(name="Keuangan Nasional"))
    client = Client()
    client.force_login(finance_user)
    assert w.donation_b.payment.token in client.get("/admin/keuangan/notifikasi/").content.decode()
    assert client.post("/admin/keuangan/notifikasi/retry/", {"item": [w.dead_item.pk]}).status_code == 302
    assert InboxItem.objects.get(pk=w.dead_item.pk).status != InboxItem.Status.DEAD
    response = client.post("/admin/keuangan/tanda/", {"flag": w.flag_b.pk, "resolution": "Dikembalikan ke donatur"})
    assert response.status_code == 302
    assert MoneyFlag.objects.get(pk=w.flag_b.pk).resolution == "Dikembalikan ke donatur"
    # An empty resolution is refused with a clear message, and nothing changes.
    flag = MoneyFlag.objects.create(campaign=w.camp_b, source_type="donation.donation", source_id=w.donation_b.pk,
                                    kind="late", expected=1, received=1)
    response = client.post("/admin/keuangan/tanda/", {"flag": flag.pk, "resolution": "  "})
    assert response.status_code == 400 and "Tuliskan tindakan" in response.content.decode()
    assert MoneyFlag.objects.get(pk=flag.pk).resolved_at is None


def test_the_editor_sees_and_may_change_their_own(w):
    """The control of the editor's row: their own pages, image, records answer them."""
    client = Client()
    client.force_login(w.editor_a)
    assert client.get(f"/admin/pages/{w.camp_a.pk}/edit/").status_code == 200
    assert client.get(f"/admin/images/{w.image_a.pk}/").status_code == 200
    assert w.image_a.title in client.get("/admin/images/chooser/").content.decode()
    assert w.donation_a.name in client.get("/admin/galang-daya/donation/").content.decode()
    assert client.get(f"/admin/galang-daya/donation/{w.donation_a.pk}/").status_code == 200
    assert client.get(f"/admin/mitra/{w.a.pk}/editor/").status_code == 200
    assert w.camp_a.title in client.get(f"/admin/choose-page/{w.a.pk}/").content.decode()


def test_the_moderator_decides_in_their_own_province(w):
    """The control of the moderator's row: an OMS of Jawa Tengah registered now is in their queue."""
    from partners.forms import RegistrationForm
    from partners.registration import confirm, register
    from partners.testing import registration_data

    form = RegistrationForm(data=registration_data(name="Komunitas Kali Bersih", legal_name="",
                                                   legal_registration_number="", regency="33.74",
                                                   districts="Tembalang", account_email="kali@contoh.id"))
    assert form.is_valid(), form.errors
    page, user = register(form)
    confirm(user)
    client = Client()
    client.force_login(w.moderator)
    assert page.title in client.get("/admin/mitra/verifikasi/").content.decode()
    assert client.post(f"/admin/mitra/verifikasi/{page.pk}/", {"action": "verify"}).status_code == 302
    assert OrganisationPage.objects.get(pk=page.pk).is_verified
