"""Joint actions of an alliance: totals add up across member OMS's campaigns exactly, link rules, admin views.

Signatures are signed and confirmed through the petition plugin's own form and emailed link.
The admin views are at /admin/aliansi/<pk>/aksi-bersama/ (alliances/wagtail_hooks.py).
"""
import re

import pytest
from django.core import mail
from django.test import Client

from alliances import testing as alliances_testing
from partners import testing as partners_testing

pytestmark = pytest.mark.django_db

PASSWORD = partners_testing.PASSWORD
make_verified_oms = partners_testing.make_verified_oms
alliance_index = alliances_testing.alliance_index
make_alliance = alliances_testing.make_alliance

PETITION = {"title": "Perda air bersih", "description": "Dukung perda air bersih.", "decision_maker": "DPRD",
            "demand": "Sahkan perda air bersih.", "goal": 100}
DONATION = {"title": "Donasi", "description": "Untuk pipa.", "target": "1000000", "minimum": "10000",
            "suggested_amounts": [50000]}
CONFIRM_LINK = re.compile(r"http://testserver(/(?:id|en)/dukung/petition/konfirmasi/[^/\s]+/)")


@pytest.fixture
def world(make_verified_oms, make_alliance, make_campaign):
    """An alliance of three OMS in two provinces, each with a live campaign asking for signatures."""
    semarang = make_verified_oms("air-semarang", "33.74", title="Air Semarang")
    solo = make_verified_oms("air-solo", "33.72", title="Air Solo")
    makassar = make_verified_oms("air-makassar", "73.71", title="Air Makassar")
    alliance = make_alliance(semarang, solo, makassar, title="Aliansi Air Bersih", level="national",
                             province_code=None)
    campaigns = {
        oms.slug: make_campaign(asks=[("petition", PETITION), ("donation", DONATION)], parent=oms,
                                slug=f"kampanye-{oms.slug}", title=f"Kampanye {oms.title}")
        for oms in (semarang, solo, makassar)
    }
    return {"alliance": alliance, "semarang": semarang, "solo": solo, "makassar": makassar, "campaigns": campaigns}


def petition_ask(campaign):
    return [a for a in campaign.get_asks() if a.type_key == "petition"][0]


def make_action(world, **fields):
    from alliances.models import JointAction

    return JointAction.objects.create(alliance=world["alliance"], type_key="petition",
                                      title=fields.pop("title", "Petisi bersama air bersih"), goal=fields.pop("goal", 300),
                                      **fields)


def link_all(world, action):
    from alliances.joint import link_ask

    for slug in ("air-semarang", "air-solo", "air-makassar"):
        campaign = world["campaigns"][slug]
        link_ask(action, campaign, petition_ask(campaign).id, world[slug.split("-")[1]].editor)


def sign_and_confirm(campaign, email, capture, regency="33.74"):
    """The petition form, then the emailed link: the signer's real path."""
    client = Client()
    ask = petition_ask(campaign)
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(campaign.url + "dukung/" + ask.id + "/",
                               {"name": "Warga", "email": email, "regency": regency, "show_name": "on"})
    assert response.status_code == 200, response.content.decode()[:500]
    match = CONFIRM_LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    with capture(execute=True):
        assert client.get(match.group(1)).status_code == 200


def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


# --- Totals --------------------------------------------------------------------------------------


def test_the_total_is_exactly_the_sum_of_each_campaigns_confirmed_signatures(world, django_capture_on_commit_callbacks):
    from alliances.joint import public_joint_actions, totals

    action = make_action(world)
    link_all(world, action)
    counts = {"air-semarang": 3, "air-solo": 2, "air-makassar": 4}
    for slug, n in counts.items():
        for i in range(n):
            sign_and_confirm(world["campaigns"][slug], f"{slug}-{i}@contoh.id", django_capture_on_commit_callbacks,
                             regency="73.71" if slug == "air-makassar" else "33.72")
    # An unconfirmed signature does not count.
    Client().post(world["campaigns"]["air-solo"].url + "dukung/" + petition_ask(world["campaigns"]["air-solo"]).id + "/",
                  {"name": "Belum", "email": "belum@contoh.id", "regency": "33.72"})
    total = totals([action])[action.pk]
    assert total.current == 9 and total.supporters == 9
    assert total.target == 300 and total.goal == 300
    by_oms = {part.organisation.slug: int(part.progress.current) for part in total.per_member}
    assert by_oms == counts
    # Each part is the number its own campaign page shows.
    for part in total.per_member:
        fresh = [p for a, _t, p in part.campaign.compute_progress() if a.id == part.ask.id][0]
        assert fresh.current == part.progress.current
    shown = public_joint_actions(world["alliance"])
    assert len(shown) == 1 and shown[0].current == 9 and shown[0].organisation_count == 3
    assert all(part.url.endswith(f"dukung/{part.ask.id}/") for part in shown[0].per_member)


def test_totals_cost_a_fixed_number_of_queries(world, django_assert_max_num_queries, make_campaign):
    from alliances.joint import link_ask, totals
    from alliances.models import JointAction

    first = make_action(world)
    link_all(world, first)
    # More asks on more campaigns in a second action: the same number of queries.
    second = JointAction.objects.create(alliance=world["alliance"], type_key="petition", title="Petisi kedua")
    for oms_key in ("semarang", "solo"):
        oms = world[oms_key]
        for n in range(2):
            campaign = make_campaign(asks=[("petition", PETITION)], parent=oms, slug=f"lagi-{oms.slug}-{n}")
            link_ask(second, campaign, petition_ask(campaign).id, oms.editor)
    actions = list(JointAction.objects.all())
    totals(actions)  # warm the compiled SQL's shape and the locale look-up
    with django_assert_max_num_queries(3):
        found = totals(actions)
    assert len(found[second.pk].per_member) == 4 and len(found[first.pk].per_member) == 3


def test_an_oms_that_left_stops_counting(world, django_capture_on_commit_callbacks):
    from alliances.joint import totals
    from alliances.models import AllianceMembership

    action = make_action(world)
    link_all(world, action)
    sign_and_confirm(world["campaigns"]["air-solo"], "a@contoh.id", django_capture_on_commit_callbacks)
    sign_and_confirm(world["campaigns"]["air-semarang"], "b@contoh.id", django_capture_on_commit_callbacks)
    AllianceMembership.objects.filter(organisation=world["solo"]).update(status="left")
    total = totals([action])[action.pk]
    assert total.current == 1 and {p.organisation.pk for p in total.per_member} == {world["semarang"].pk, world["makassar"].pk}


# --- Link rules ----------------------------------------------------------------------------------


def test_link_rules(world, make_verified_oms, make_campaign):
    from alliances.joint import JointError, link_ask, unlink_ask
    from alliances.models import JointAction, JointActionAsk

    action = make_action(world)
    semarang, solo = world["semarang"], world["solo"]
    own = world["campaigns"]["air-semarang"]
    other = world["campaigns"]["air-solo"]
    # Not its own campaign.
    with pytest.raises(JointError) as refused:
        link_ask(action, other, petition_ask(other).id, semarang.editor)
    assert refused.value.status == 403
    # Wrong type.
    donation = [a for a in own.get_asks() if a.type_key == "donation"][0]
    with pytest.raises(JointError) as refused:
        link_ask(action, own, donation.id, semarang.editor)
    assert "kind of support" in refused.value.message or refused.value.status == 400
    # Not on the campaign.
    with pytest.raises(JointError):
        link_ask(action, own, "no-such-ask", semarang.editor)
    # A non-member OMS, even with a campaign of the right type.
    outsider = make_verified_oms("bukan-anggota", "33.74")
    theirs = make_campaign(asks=[("petition", PETITION)], parent=outsider, slug="kampanye-luar")
    with pytest.raises(JointError) as refused:
        link_ask(action, theirs, petition_ask(theirs).id, outsider.editor)
    assert refused.value.status == 403
    # A draft campaign.
    draft = make_campaign(asks=[("petition", PETITION)], parent=semarang, slug="draf", live=False)
    with pytest.raises(JointError):
        link_ask(action, draft, petition_ask(draft).id, semarang.editor)
    # Linked once; not a second time, in this action or another.
    link = link_ask(action, own, petition_ask(own).id, semarang.editor)
    second = JointAction.objects.create(alliance=world["alliance"], type_key="petition", title="Lain")
    for target in (action, second):
        with pytest.raises(JointError) as refused:
            link_ask(target, own, petition_ask(own).id, semarang.editor)
        assert refused.value.status == 409 and "Petisi bersama air bersih" in refused.value.message
    assert JointActionAsk.objects.count() == 1
    # Unlink: not an outsider; yes another member's editor (an alliance editor).
    with pytest.raises(JointError):
        unlink_ask(link, outsider.editor)
    unlink_ask(link, solo.editor)
    assert not JointActionAsk.objects.exists()


def test_admin_views_are_404_for_outsiders(world, make_verified_oms, make_alliance):
    action = make_action(world)
    outsider = make_verified_oms("oms-luar", "33.74")
    pk = world["alliance"].pk
    urls = [f"/admin/aliansi/{pk}/aksi-bersama/", f"/admin/aliansi/{pk}/aksi-bersama/tambah/",
            f"/admin/aliansi/{pk}/aksi-bersama/{action.pk}/"]
    for client in (admin_client(outsider.editor),):
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(f"/admin/aliansi/{pk}/aksi-bersama/{action.pk}/tautkan/", {"ask": "1:x"}).status_code == 404
        assert client.get(f"/admin/aliansi/{pk + 9999}/aksi-bersama/").status_code == 404
    member = admin_client(world["solo"].editor)
    for url in urls:
        assert member.get(url).status_code == 200, url
    # An action of another alliance through this one's address: 404, even for its own editors.
    from alliances.models import JointAction

    elsewhere = make_alliance(outsider, title="Aliansi Lain")
    theirs = JointAction.objects.create(alliance=elsewhere, type_key="petition", title="Lain")
    assert admin_client(outsider.editor).get(f"/admin/aliansi/{pk}/aksi-bersama/{theirs.pk}/").status_code == 404
    assert member.get(f"/admin/aliansi/{pk}/aksi-bersama/{theirs.pk}/").status_code == 404


def test_an_editor_creates_an_action_and_links_through_the_admin(world):
    from alliances.models import JointAction, JointActionAsk

    semarang = world["semarang"]
    client = admin_client(semarang.editor)
    pk = world["alliance"].pk
    form = client.get(f"/admin/aliansi/{pk}/aksi-bersama/tambah/").content.decode()
    assert 'value="petition"' in form and 'value="donation"' in form  # every installed support type
    bad = client.post(f"/admin/aliansi/{pk}/aksi-bersama/tambah/", {"title": "", "type_key": "petition"})
    assert bad.status_code == 400
    response = client.post(f"/admin/aliansi/{pk}/aksi-bersama/tambah/",
                           {"title": "Petisi bersama", "type_key": "petition", "goal": "500", "description": "Ayo"})
    assert response.status_code == 302
    action = JointAction.objects.get()
    assert action.created_by == semarang.editor and action.goal == 500
    detail = client.get(response["Location"]).content.decode()
    own = world["campaigns"]["air-semarang"]
    value = f"{own.pk}:{petition_ask(own).id}"
    assert value in detail
    other = world["campaigns"]["air-solo"]
    assert f"{other.pk}:" not in detail  # only its own campaigns are offered
    # Posting another OMS's ask by hand: refused with a message, nothing linked.
    refused = client.post(f"/admin/aliansi/{pk}/aksi-bersama/{action.pk}/tautkan/",
                          {"ask": f"{other.pk}:{petition_ask(other).id}"})
    assert refused.status_code == 403 and 'id="joint-link-error"' in refused.content.decode()
    empty = client.post(f"/admin/aliansi/{pk}/aksi-bersama/{action.pk}/tautkan/", {"ask": ""})
    assert empty.status_code == 400
    assert client.post(f"/admin/aliansi/{pk}/aksi-bersama/{action.pk}/tautkan/", {"ask": value}).status_code == 302
    again = client.post(f"/admin/aliansi/{pk}/aksi-bersama/{action.pk}/tautkan/", {"ask": value})
    assert again.status_code == 409
    link = JointActionAsk.objects.get()
    assert link.organisation == semarang and link.added_by == semarang.editor
    # Unlink by another member's editor (an alliance editor).
    other_client = admin_client(world["makassar"].editor)
    assert other_client.post(f"/admin/aliansi/{pk}/aksi-bersama/{action.pk}/lepas/{link.pk}/").status_code == 302
    assert not JointActionAsk.objects.exists()


def test_an_alliance_editor_changes_and_deletes_an_action_and_nobody_else_may(world, make_verified_oms):
    from alliances.joint import link_ask
    from alliances.models import JointAction, JointActionAsk
    from plugins.petition.models import Signature

    action = make_action(world)
    own = world["campaigns"]["air-semarang"]
    link_ask(action, own, petition_ask(own).id, world["semarang"].editor)
    base = f"/admin/aliansi/{world['alliance'].pk}/aksi-bersama/{action.pk}"
    outsider = admin_client(make_verified_oms("oms-luar", "33.74").editor)
    assert outsider.get(f"{base}/ubah/").status_code == 404
    assert outsider.post(f"{base}/ubah/", {"title": "Dibajak", "description": "", "goal": "1"}).status_code == 404
    assert outsider.post(f"{base}/hapus/").status_code == 404
    assert JointAction.objects.get().title != "Dibajak"

    member = admin_client(world["solo"].editor)
    form = member.get(f"{base}/ubah/").content.decode()
    assert "disabled" in form  # the kind is fixed while an ask is linked
    bad = member.post(f"{base}/ubah/", {"title": "", "description": "x", "goal": "900"})
    assert bad.status_code == 400 and "x" in bad.content.decode()
    response = member.post(f"{base}/ubah/", {"title": "Petisi bersama air", "type_key": "donation",
                                             "description": "Baru", "goal": "900"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.goal, action.type_key) == ("Petisi bersama air", 900, "petition")

    signatures = Signature.objects.count()
    assert member.get(f"{base}/hapus/").status_code == 200  # a confirmation, nothing deleted yet
    assert JointAction.objects.exists()
    assert member.post(f"{base}/hapus/").status_code == 302
    assert not JointAction.objects.exists() and not JointActionAsk.objects.exists()
    assert Signature.objects.count() == signatures  # the campaigns' supporters stay


# --- Public pieces and the page cache ---------------------------------------------------------------


def test_the_campaign_box_and_the_alliance_include(world, django_capture_on_commit_callbacks):
    from django.template.loader import render_to_string

    from alliances.joint import actions_for_campaign, public_joint_actions

    action = make_action(world)
    link_all(world, action)
    sign_and_confirm(world["campaigns"]["air-makassar"], "c@contoh.id", django_capture_on_commit_callbacks)
    joint = actions_for_campaign(world["campaigns"]["air-solo"])
    assert [a.pk for a in joint] == [action.pk] and joint[0].current == 1
    box = render_to_string("alliances/includes/campaign_joint.html", {"joint": joint})
    assert f'id="campaign-joint-{action.pk}"' in box and world["alliance"].url in box and 'data-total="1"' in box
    html = render_to_string("alliances/includes/joint_actions.html",
                            {"joint_actions": public_joint_actions(world["alliance"])})
    assert html.count('class="joint-part"') == 3 and 'data-total="1"' in html
    assert "Air Makassar" in html and world["campaigns"]["air-makassar"].url in html
    assert actions_for_campaign(world["campaigns"]["air-solo"].__class__(title="x")) == []


def test_linking_purges_the_alliance_page_and_pledges_stamp_the_other_campaigns(world, django_capture_on_commit_callbacks):
    from pagecache import store

    action = make_action(world)
    alliance_path = world["alliance"].url
    solo = world["campaigns"]["air-solo"]
    before = store.cache().get(store.path_key(alliance_path))
    link_all(world, action)
    after = store.cache().get(store.path_key(alliance_path))
    assert after is not None and after != before
    assert store.cache().get(store.path_key(solo.url)) is not None
    sign_and_confirm(world["campaigns"]["air-semarang"], "d@contoh.id", django_capture_on_commit_callbacks)
    assert store.cache().get(store.figures_key(solo.pk)) is not None  # its joint box follows within its window


def test_links_made_after_the_linked_set_was_kept_still_stamp_the_other_campaigns(world,
                                                                                django_capture_on_commit_callbacks):
    """Which campaigns are linked is kept in the shared cache (every saved record asks); a new link
    drops it, so the first pledge after the link already moves the other campaigns' joint boxes."""
    from alliances.joint import linked_campaigns
    from pagecache import store

    solo, semarang = world["campaigns"]["air-solo"], world["campaigns"]["air-semarang"]
    assert semarang.pk not in linked_campaigns()  # read, and kept, before any link
    link_all(world, make_action(world))
    assert solo.pk in linked_campaigns()[semarang.pk] and semarang.pk in linked_campaigns()[solo.pk]
    assert semarang.pk not in linked_campaigns()[semarang.pk]
    assert store.cache().get(store.figures_key(solo.pk)) is None
    sign_and_confirm(semarang, "e@contoh.id", django_capture_on_commit_callbacks)
    assert store.cache().get(store.figures_key(solo.pk)) is not None


def test_linked_campaigns_are_those_sharing_an_action_and_follow_an_unlinking(world):
    from alliances.joint import linked_campaigns
    from alliances.models import JointActionAsk

    semarang, solo, makassar = (world["campaigns"][slug] for slug in ("air-semarang", "air-solo", "air-makassar"))
    action = make_action(world)
    link_all(world, action)
    assert linked_campaigns()[solo.pk] == {semarang.pk, makassar.pk}
    JointActionAsk.objects.get(joint_action=action, campaign=makassar).delete()
    assert linked_campaigns()[solo.pk] == {semarang.pk}
    assert makassar.pk not in linked_campaigns()


def test_the_campaign_box_is_kept_and_follows_pledges_edits_and_unlinking(world, django_capture_on_commit_callbacks,
                                                                          django_assert_num_queries):
    """The box is kept with the network's figures: read again without a query, and new after a
    pledge, an edit of the action or an unlinking."""
    from alliances.joint import actions_for_campaign
    from alliances.models import JointActionAsk

    solo, makassar = world["campaigns"]["air-solo"], world["campaigns"]["air-makassar"]
    action = make_action(world)
    link_all(world, action)
    assert actions_for_campaign(solo)[0].current == 0
    with django_assert_num_queries(0):
        assert actions_for_campaign(solo)[0].current == 0
    sign_and_confirm(makassar, "f@contoh.id", django_capture_on_commit_callbacks)
    assert actions_for_campaign(solo)[0].current == 1
    action.title = "Petisi bersama air bersih untuk semua"
    action.save()
    assert actions_for_campaign(solo)[0].title == "Petisi bersama air bersih untuk semua"
    JointActionAsk.objects.filter(joint_action=action, campaign=solo).delete()
    assert actions_for_campaign(solo) == []
    assert actions_for_campaign(makassar)[0].current == 1


def test_within_the_figures_window_a_pledge_waits_but_an_unlinking_shows_at_once(
        world, django_capture_on_commit_callbacks, settings, monkeypatch):
    """With the campaign pages' figures window (10 s in production), a crowd of pledges costs at most
    one new box per window, as a kept page would show; what is shown (the links) changes at once."""
    import time

    from alliances.joint import actions_for_campaign
    from alliances.models import JointActionAsk

    settings.LOKADAYA_PAGE_CACHE_FIGURES_SECONDS = 10
    solo, makassar = world["campaigns"]["air-solo"], world["campaigns"]["air-makassar"]
    action = make_action(world)
    link_all(world, action)
    assert actions_for_campaign(solo)[0].current == 0
    sign_and_confirm(makassar, "g@contoh.id", django_capture_on_commit_callbacks)
    assert actions_for_campaign(solo)[0].current == 0  # kept: within the window
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 11)
    assert actions_for_campaign(solo)[0].current == 1  # the window has passed
    sign_and_confirm(world["campaigns"]["air-semarang"], "h@contoh.id", django_capture_on_commit_callbacks)
    assert actions_for_campaign(solo)[0].current == 1
    assert actions_for_campaign(solo)[0].organisation_count == 3
    JointActionAsk.objects.filter(joint_action=action, campaign=makassar).delete()
    box = actions_for_campaign(solo)[0]
    assert box.organisation_count == 2  # computed again at once, within the window
    assert box.current == 1  # Makassar's signature is out, Semarang's in


def test_a_campaign_in_no_joint_action_costs_no_query(world, django_assert_num_queries):
    from alliances.joint import actions_for_campaign, linked_campaigns

    campaign = world["campaigns"]["air-solo"]
    linked_campaigns()  # the map of linked campaigns, kept for every page and pledge
    campaign.source  # noqa: B018 - read by the page before the box
    with django_assert_num_queries(0):
        assert actions_for_campaign(campaign) == []
