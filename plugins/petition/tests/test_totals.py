"""Signature totals (``SignatureTotal``): kept by the database equal to the confirmed signatures.

The campaign page's progress reads them (``hooks.progress_query``), a row per ask however many sign;
the triggers of migration ``0005_signaturetotal_triggers`` keep them through every change, and
``count_problems`` (so ``manage.py reconcile``) reports a total that differs.
"""
import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from finance.reconcile import reconcile
from plugins.petition import hooks
from plugins.petition.models import Signature, SignatureTotal
from regions.models import Regency

from .helpers import ASK, CONFIRM_LINK, VALID, link, sign_url

pytestmark = pytest.mark.django_db


def kept(campaign):
    return dict(SignatureTotal.objects.filter(campaign=campaign).exclude(signatures=0)
                .values_list("ask_id", "signatures"))


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("petition", ASK), ("petition", {**ASK, "title": "Petisi kedua", "goal": 1000})])


def make(campaign, n, ask=0, status=Signature.Status.CONFIRMED, prefix="warga"):
    regency = Regency.objects.get(code="53.12")
    ask_id = campaign.get_asks()[ask].id
    return [Signature.objects.create(campaign=campaign, ask_id=ask_id, name=f"Warga {i}", email=f"{prefix}{i}@contoh.id",
                                     regency=regency, status=status,
                                     confirmed_at=timezone.now() if status == Signature.Status.CONFIRMED else None)
            for i in range(n)]


def test_the_form_and_its_emailed_link_count_once_confirmed(campaign, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(sign_url(campaign), VALID).status_code == 200
    assert kept(campaign) == {}  # waiting for the email confirmation: nothing counts yet
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(link(CONFIRM_LINK, mail.outbox[-1])).status_code == 200
    first, second = campaign.get_asks()
    assert kept(campaign) == {first.id: 1}
    progress = {ask.id: p for ask, _type, p in campaign.get_progress()}
    assert (progress[first.id].current, progress[second.id].current) == (1, 0)
    assert hooks.count_problems() == []


def test_totals_follow_withdrawals_removals_deletions_and_sql(campaign):
    first, second = (ask.id for ask in campaign.get_asks())
    signatures = make(campaign, 5)
    make(campaign, 2, ask=1, prefix="kedua")
    make(campaign, 3, status=Signature.Status.PENDING, prefix="menunggu")
    assert kept(campaign) == {first: 5, second: 2}
    signatures[0].status = Signature.Status.WITHDRAWN
    signatures[0].save()
    Signature.objects.filter(pk=signatures[1].pk).update(status=Signature.Status.REMOVED)  # by hand, in SQL
    signatures[2].delete()
    Signature.objects.filter(campaign=campaign, status=Signature.Status.PENDING).update(
        status=Signature.Status.CONFIRMED)  # three at once, one statement
    Signature.objects.filter(campaign=campaign).update(comment="")  # moves nothing counted
    assert kept(campaign) == {first: 5, second: 2}
    progress = hooks.ask_progress(campaign, campaign.get_asks())
    assert (progress[first].current, progress[second].current) == (5, 2)
    assert hooks.count_problems() == []


def test_a_total_changed_behind_the_signatures_back_is_reported(campaign):
    make(campaign, 2)
    ask_id = campaign.get_asks()[0].id
    assert hooks.count_problems() == []
    SignatureTotal.objects.filter(campaign=campaign, ask_id=ask_id).update(signatures=7)
    expected = f"signature total of campaign {campaign.pk} ask {ask_id}: 7, its confirmed signatures 2"
    assert hooks.count_problems() == [expected]
    report = reconcile(pages=False)
    assert [str(d) for d in report.differences] == [f"[count -] {expected}"]


def test_a_total_is_checked_only_against_the_table_it_keeps():
    """``differences`` refuses a definition that keeps another table: it would compare unrelated sums."""
    from lokadaya.running_totals import differences
    from plugins.donation.models import DonationTotal
    from plugins.petition.totals import SIGNATURES

    with pytest.raises(ValueError, match="petition_total_signatures does not keep donation_donationtotal"):
        differences(DonationTotal, SIGNATURES)
