"""Demo content of fundraisers: called once by ``seed_demo`` after every campaign and programme exists.

A few approved fundraisers on demo campaigns, each with some of the campaign's confirmed demo
donations attached. The donations are already in the ledger (``demo_records``); only their
``fundraiser`` is set, and each fundraiser's ``raised``/``supporters`` are the sums over exactly
those donations, so ``service.problems()`` and ``manage.py reconcile`` stay clean.
"""
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Sum

from .models import Fundraiser
from .service import unique_slug

DEMO = [
    ("Ulang tahun ke-30 Sari: terangi desa", Fundraiser.Occasion.BIRTHDAY, "Sari Wulandari",
     "Tahun ini saya tidak minta kado. Kalau teman-teman mau memberi, berikan lewat halaman ini: "
     "setiap rupiah langsung ke lembaga untuk kampanye ini.", Decimal("3000000")),
    ("Lari 10K Borobudur untuk warga", Fundraiser.Occasion.SPORT, "Andi Pratama",
     "Saya akan lari 10 kilometer. Dukung lari saya dengan donasi untuk kampanye ini!", Decimal("5000000")),
    ("Mengenang Ibu Ratna", Fundraiser.Occasion.MEMORIAL, "Keluarga Besar Ratna",
     "Ibu selalu peduli pada tetangga. Untuk mengenangnya, kami menggalang dana untuk kampanye ini.",
     Decimal("2000000")),
]


def seed():
    """Add the demo; return lines to print."""
    from campaigns.models import CampaignPage

    from ..models import Donation

    if Fundraiser.objects.exists():
        return []
    rng = random.Random(17)
    lines = []
    campaigns = [c for c in CampaignPage.objects.live().filter(locale__language_code="id").order_by("pk")
                 if c.status == CampaignPage.Status.ACTIVE]
    made = 0
    for campaign in campaigns:
        if made == len(DEMO):
            break
        asks = [ask for ask in campaign.get_asks() if ask.type_key == "donation"]
        if not asks:
            continue
        free = list(Donation.objects.filter(campaign=campaign, ask_id=asks[0].id, status=Donation.Status.CONFIRMED,
                                            fundraiser__isnull=True, recurring__isnull=True)
                    .order_by("pk").values_list("pk", flat=True)[:40])
        if len(free) < 3:
            continue
        title, occasion, owner, story, target = DEMO[made]
        chosen = rng.sample(free, min(len(free), rng.randint(3, 8)))
        with transaction.atomic():
            fundraiser = Fundraiser.objects.create(
                campaign=campaign, ask_id=asks[0].id, slug=unique_slug(title), title=title, story=story,
                occasion=occasion, target=target, owner_name=owner,
                owner_email=f"penggalang{made + 1}@contoh.id", language="id", status=Fundraiser.Status.APPROVED)
            Donation.objects.filter(pk__in=chosen).update(fundraiser=fundraiser)
            sums = Donation.objects.filter(fundraiser=fundraiser, status=Donation.Status.CONFIRMED,
                                           received_amount__gt=F("refunded_amount")).aggregate(
                raised=Sum(F("received_amount") - F("refunded_amount")), supporters=Count("pk"))
            Fundraiser.objects.filter(pk=fundraiser.pk).update(raised=sums["raised"] or 0,
                                                                supporters=sums["supporters"])
        lines.append(f"Fundraiser “{title}” on {campaign.title}: {sums['supporters']} donations")
        made += 1
    return lines
