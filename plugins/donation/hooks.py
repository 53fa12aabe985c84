"""The donation support type's hook implementations (see campaigns/hookspecs.py)."""
import uuid
from decimal import Decimal

from django import forms
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import path
from django.utils.translation import gettext_lazy as _

from campaigns.hookspecs import hookimpl
from campaigns.notifications import send_templated_email
from campaigns.progress import progress_rows
from campaigns.types import Column, MoneyRecord, Progress, RecordsAdmin, Supporter, SupportType
from campaigns.wall import anonymous_blank, supporter_rows
from finance.ledger import bulk_record_income
from lokadaya.money import format_rupiah

from . import donor, sections, views
from . import personal_data as privacy_data
from .fundraisers import sections as fundraiser_sections, views as fundraiser_views
from .recurring import sections as recurring_sections, views as recurring_views
from .blocks import DonationAskBlock
from .models import Donation, DonationTotal, Payment

KEY = "donation"


@hookimpl
def support_type():
    return SupportType(key=KEY, name=_("Donation"), icon="pick", order=10, action_label=_("Donate now"),
                       description=_("Public money donations, paid through the site's payment providers."),
                       raises_money=True)


@hookimpl
def ask_block():
    return DonationAskBlock()


@hookimpl
def pledge_view(request, campaign, ask):
    return views.pledge(request, campaign, ask)


@hookimpl
def public_urls():
    return [
        path("bayar/<str:token>/", views.pay, name="pay"),
        path("terima-kasih/<str:token>/", views.thanks, name="thanks"),
        path("kwitansi/<str:token>/", views.receipt, name="receipt"),
        path("rutin/<str:token>/", recurring_views.manage, name="recurring_manage"),
        path("penggalangan/mulai/<int:campaign_id>/<str:ask_id>/", fundraiser_views.start, name="fundraiser_start"),
        path("penggalangan/kelola/<str:token>/", fundraiser_views.manage, name="fundraiser_manage"),
        path("penggalangan/<slug:slug>/", fundraiser_views.detail, name="fundraiser"),
    ]


@hookimpl
def campaign_sections(campaign, asks, progress):
    return sections.campaign_sections(campaign, asks, progress)


@hookimpl
def donor_history(email):
    return donor.history(email)


@hookimpl
def donor_commitments(email):
    return donor.commitments(email)


@hookimpl
def api_ask(campaign, ask, progress):
    """What the page shows of a donation ask: its minimum and suggested amounts, whether one may give
    monthly, and the sponsor's matching offer covering the campaign today (or None). Money as strings
    of whole rupiah. At most two queries (the source page, the fund), whatever the number of donations;
    nothing about any donor."""
    from .matching.service import covering_funds

    source = campaign.source
    fund = None
    if source.pk is not None:
        # The same fund the page's section shows: the oldest active one with money left.
        fund = covering_funds(source).first()
    return _api_details(ask, fund)


@hookimpl
def api_asks(items):
    """``api_ask`` for every donation ask on one page of the API, in two queries whatever their
    number: the campaigns' source pages, then the funds covering each (one UNION)."""
    from django.db.models import IntegerField, Value
    from wagtail.models import Locale

    from campaigns.models import CampaignPage

    from .matching.service import covering_funds

    keys = {campaign.translation_key for campaign, _ask, _progress in items}
    sources = {page.translation_key: page for page in CampaignPage.objects.filter(
        translation_key__in=keys, locale_id=Locale.get_default().pk).only(
        "pk", "translation_key", "regency_id", "path", "depth")}
    queries = [covering_funds(page).order_by().annotate(
        for_campaign=Value(page.pk, output_field=IntegerField())) for page in sources.values()]
    funds = {}
    if queries:
        rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
        for fund in rows:
            # Each campaign's own first fund, as covering_funds orders them: the oldest.
            current = funds.get(fund.for_campaign)
            if current is None or (fund.created_at, fund.pk) < (current.created_at, current.pk):
                funds[fund.for_campaign] = fund
    answers = {}
    for campaign, ask, _progress in items:
        source = sources.get(campaign.translation_key)
        answers[(campaign.pk, ask.id)] = _api_details(ask, funds.get(source.pk) if source else None)
    return answers


def _api_details(ask, fund):
    """The donation ask's public details, with ``fund`` the sponsor's offer covering it (or None)."""
    from .forms import monthly_allowed
    from .matching.sections import offer

    def rupiah(value):
        return str(int(Decimal(value)))

    value = ask.value
    matching = None
    if fund is not None:
        matching = {
            "sponsor": fund.sponsor_name,
            "sponsor_url": fund.sponsor_url,
            # Rupiah matched per rupiah given ("1" doubles a gift, "0.5" adds half).
            "ratio": format(fund.ratio.normalize(), "f"),
            "limit_per_donation": rupiah(fund.per_donation_limit) if fund.per_donation_limit > 0 else None,
            "left": rupiah(fund.remaining),
            "starts_on": fund.starts_on.isoformat(),
            "ends_on": fund.ends_on.isoformat(),
            "headline": str(offer(fund)["headline"]),
        }
    return {
        "minimum": rupiah(value.get("minimum") or 0),
        "suggested_amounts": [rupiah(amount) for amount in value.get("suggested_amounts") or []],
        "monthly_giving": monthly_allowed(ask),
        "matching": matching,
    }


def _progress(asks, by_ask):
    """``{ask id: Progress}`` from ``{ask id: (raised, donors)}``: confirmed donations' money plus what
    sponsors matched (the campaign's money is its ledger gross; matches are not donors)."""
    result = {}
    for ask in asks:
        raised, donors = by_ask.get(ask.id, (None, 0))
        raised = raised or Decimal("0")
        result[ask.id] = Progress(
            current=raised, target=Decimal(ask.value.get("target") or 0), unit="", is_money=True,
            supporters=donors or 0, money=raised,
        )
    return result


def _totals(campaign_ids, ask_ids):
    """The asks' running totals (``DonationTotal``, kept by the database): a row per ask."""
    return DonationTotal.objects.filter(campaign_id__in=campaign_ids, ask_id__in=ask_ids)


@hookimpl
def ask_progress(campaign, asks):
    by_ask = {ask_id: (given + matched, donors) for ask_id, donors, given, matched in
              _totals([campaign.pk], [a.id for a in asks]).values_list("ask_id", "donors", "given", "matched")}
    return _progress(asks, by_ask)


@hookimpl
def progress_query(campaign_ids, ask_ids):
    """Per ask: confirmed donors (``count``) and what they gave, received − refunded, plus what
    sponsors matched on it (``amount``), from the running totals; and, as rows of their own parts,
    what the page's monthly line and leaderboard show (``Progress.details``, read by ``sections``)."""
    return [progress_rows(_totals(campaign_ids, ask_ids), counts=[Sum("donors")],
                          amount=Sum(F("given") + F("matched"))),
            recurring_sections.progress_query(campaign_ids, ask_ids),
            fundraiser_sections.progress_query(campaign_ids, ask_ids)]


@hookimpl
def progress_from_rows(campaign, asks, rows):
    result = _progress(asks, {row.ask_id: (row.amount, row.count) for row in rows if row.part == ""})
    for ask in asks:
        own = [row for row in rows if row.ask_id == ask.id]
        result[ask.id].details.update(recurring_sections.details(own))
        result[ask.id].details.update(fundraiser_sections.details(own))
    return result


@hookimpl
def supporter_wall(campaign, limit):
    donations = (Donation.objects.filter(campaign=campaign, status=Donation.Status.CONFIRMED)
                 .order_by("-created_at")[:limit])
    return [Supporter(name=d.public_name, type_key=KEY, created_at=d.created_at,
                      summary=format_rupiah(d.given_amount),
                      # A prayer (doa) is a message too: the wall is "Doa dan dukungan".
                      message="\n\n".join(text for text in (d.message, d.prayer) if text)) for d in donations]


@hookimpl
def supporter_query(campaign_id, limit):
    """Confirmed donors: what they gave (``given_amount``: what arrived, else the amount chosen)."""
    confirmed = Donation.objects.filter(campaign_id=campaign_id, status=Donation.Status.CONFIRMED)
    return supporter_rows(confirmed, KEY, limit, name=anonymous_blank(), text="message", text2="prayer",
                          amount=Coalesce(NullIf("received_amount", Value(0)), "amount"))


@hookimpl
def supporter_from_row(row):
    return Supporter(name=row.name or str(_("Anonymous")), type_key=KEY, created_at=row.created_at,
                     summary=format_rupiah(row.amount),
                     message="\n\n".join(text for text in (row.text, row.text2) if text))


class DonationStatusForm(forms.ModelForm):
    """Admins may correct a donation's status by hand (e.g. a refund done outside the site).

    The change goes through ``signals.apply_payment_status`` so the ledger follows.
    """

    def clean_status(self):
        from .signals import allowed

        new = self.cleaned_data["status"]
        if new != self.instance.status and not allowed(self.instance.status, new):
            raise forms.ValidationError(_("A donation cannot move from “%(old)s” to “%(new)s”.") % {
                "old": self.instance.get_status_display(),
                "new": dict(Donation.Status.choices)[new]})
        return new

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def apply(self, record, user, note):
        from .signals import apply_payment_status

        apply_payment_status(record, self.cleaned_data["status"], note=note, user=user)

    class Meta:
        model = Donation
        fields = ["status"]


@hookimpl
def records_admin():
    columns = [
        Column(_("Date"), lambda d: d.created_at.strftime("%Y-%m-%d %H:%M")),
        Column(_("Campaign"), lambda d: d.campaign.title),
        Column(_("Name"), lambda d: d.name + (" " + str(_("(anonymous)")) if d.is_anonymous else "")),
        Column(_("Email"), lambda d: d.email),
        Column(_("Amount"), lambda d: format_rupiah(d.amount)),
        Column(_("Status"), lambda d: d.get_status_display()),
    ]
    export = [
        Column("id", lambda d: d.pk),
        Column(_("Date"), lambda d: d.created_at.isoformat()),
        Column(_("Campaign"), lambda d: d.campaign.title),
        Column(_("Ask"), lambda d: d.ask_id),
        Column(_("Name"), lambda d: d.name),
        Column(_("Anonymous"), lambda d: "1" if d.is_anonymous else "0"),
        Column(_("Email"), lambda d: d.email),
        Column(_("Amount (Rp)"), lambda d: d.amount),
        Column(_("Received (Rp)"), lambda d: d.received_amount),
        Column(_("Refunded (Rp)"), lambda d: d.refunded_amount),
        Column(_("Status"), lambda d: d.status),
        Column(_("Payment method"), lambda d: d.payment.variant),
        Column(_("Message"), lambda d: d.message),
        Column(_("Prayer"), lambda d: d.prayer),
        Column(_("Wants updates"), lambda d: "1" if d.wants_updates else "0"),
    ]
    return RecordsAdmin(model=Donation, columns=columns, export_columns=export,
                        status_form=DonationStatusForm, select_related=["payment"])


@hookimpl
def pledge_recorded(record):
    if not isinstance(record, Donation):
        return
    send_templated_email(record.email, "donation/email/pledged", {"donation": record},
                         language=record.payment.extra_data or None)


@hookimpl
def pledge_status_changed(record, old_status, user):
    if not isinstance(record, Donation):
        return
    if record.status == Donation.Status.CONFIRMED:
        from .tasks import send_confirmation_emails

        send_confirmation_emails.enqueue(record.pk)


@hookimpl
def money_records():
    label = Donation._meta.label_lower
    rows = (Donation.objects.filter(Q(received_amount__gt=0) | Q(status=Donation.Status.CONFIRMED))
            .values_list("pk", "campaign_id", "status", "received_amount", "refunded_amount").order_by("pk"))
    for pk, campaign_id, status, received, refunded in rows.iterator(chunk_size=5000):
        counted = max(received - refunded, Decimal("0")) if status == Donation.Status.CONFIRMED else Decimal("0")
        yield MoneyRecord(label, pk, campaign_id, counted)
    from .matching.models import Match

    label = Match._meta.label_lower
    for pk, campaign_id, amount in (Match.objects.values_list("pk", "campaign_id", "amount").order_by("pk")
                                    .iterator(chunk_size=5000)):
        yield MoneyRecord(label, pk, campaign_id, amount)


@hookimpl
def money_problems():
    """A donation's amounts must be its payment's: what arrived, what went back, what counts."""
    problems = []
    confirmed = Donation.Status.CONFIRMED
    mismatched = (Donation.objects.filter(Q(received_amount__gt=0) | Q(status=confirmed))
                  .exclude(received_amount=F("payment__received_amount"), refunded_amount=F("payment__refunded_amount"))
                  .values_list("pk", "received_amount", "refunded_amount", "payment__received_amount",
                               "payment__refunded_amount"))
    for pk, received, refunded, paid, paid_back in mismatched.iterator():
        problems.append(f"donation {pk}: received/refunded {received}/{refunded}, its payment {paid}/{paid_back}")
    counted_not_confirmed = (Donation.objects.filter(status=confirmed).exclude(payment__status="confirmed")
                             .values_list("pk", "payment__status"))
    for pk, payment_status in counted_not_confirmed.iterator():
        problems.append(f"donation {pk} is confirmed but its payment is {payment_status}")
    from .fundraisers.service import problems as fundraiser_problems
    from .matching.checks import problems as matching_problems

    return problems + totals_problems() + matching_problems() + fundraiser_problems()


def totals_problems():
    """The running totals (``DonationTotal``) must be the donations' and matches' own sums."""
    from lokadaya.running_totals import differences

    from .totals import DONATIONS, MATCHES

    return [f"donation totals of campaign {key[0]} ask {key[1]} (donors, given, matched): {kept}, "
            f"its donations and matches {counted}"
            for key, kept, counted in differences(DonationTotal, DONATIONS, MATCHES)]


@hookimpl
def demo_ask(initiative):
    return {
        "title": str(_("Donate to %(title)s") % {"title": initiative.title}),
        "description": "",
        "target": Decimal(25_000_000 if "lampu" not in initiative.keywords else 60_000_000),
        "minimum": Decimal(10_000),
        "suggested_amounts": [25_000, 50_000, 100_000, 250_000],
    }


DEMO_NAMES = ["Hamba Allah", "Siti Rahmawati", "Budi Santoso", "Made Wirawan", "Yohanes Lake",
              "Nur Aini", "Agus Salim", "Dewi Lestari", "Rudi Hartono", "Maria Goreti"]
DEMO_MESSAGES = ["Semoga lancar!", "Semangat, teman-teman!", "", "Semoga bermanfaat untuk warga.", ""]


@hookimpl
def demo_records(campaign, ask, count, rng):
    payments, donations = [], []
    for i in range(count):
        amount = Decimal(rng.choice([10_000, 25_000, 50_000, 100_000, 250_000, 500_000]))
        status = Donation.Status.CONFIRMED if rng.random() < 0.85 else Donation.Status.PENDING
        confirmed = status == Donation.Status.CONFIRMED
        payments.append(Payment(variant="dummy", currency="IDR", total=amount,
                                received_amount=amount if confirmed else 0, captured_amount=amount if confirmed else 0,
                                status="confirmed" if status == Donation.Status.CONFIRMED else "waiting",
                                billing_email=f"donatur{i}@contoh.id", token=str(uuid.UUID(int=rng.getrandbits(128)))))
    Payment.objects.bulk_create(payments, batch_size=1000)
    for i, payment in enumerate(payments):
        name = rng.choice(DEMO_NAMES)
        donations.append(Donation(
            campaign=campaign, ask_id=ask.id, amount=payment.total, payment=payment, name=name,
            received_amount=payment.total if payment.status == "confirmed" else 0,
            email=payment.billing_email, is_anonymous=name == "Hamba Allah" or rng.random() < 0.1,
            message=rng.choice(DEMO_MESSAGES),
            status=Donation.Status.CONFIRMED if payment.status == "confirmed" else Donation.Status.PENDING,
        ))
    Donation.objects.bulk_create(donations, batch_size=1000)
    bulk_record_income(campaign, [d for d in donations if d.status == Donation.Status.CONFIRMED],
                       amount_field="counted_amount")


@hookimpl
def demo_finished():
    """Monthly donors, supporters' fundraisers and a sponsor's matching fund on the demo campaigns."""
    from .fundraisers.demo import seed as seed_fundraisers
    from .matching.demo import seed as seed_matching
    from .recurring.demo import seed as seed_recurring

    lines = []
    for seed in (seed_recurring, seed_fundraisers, seed_matching):
        lines += seed() or []
    return lines


# --- Personal data (UU PDP): the donor's rights and retention, in ``personal_data.py`` -------------


@hookimpl
def personal_data(subject):
    return privacy_data.personal_data(subject)


@hookimpl
def correct_personal_data(subject, changes):
    return privacy_data.correct_personal_data(subject, changes)


@hookimpl
def erase_personal_data(subject):
    return privacy_data.erase_personal_data(subject)


@hookimpl
def expire_personal_data(campaign_ids, include_money):
    return privacy_data.expire_personal_data(campaign_ids, include_money)


# --- The OMS's dashboard ----------------------------------------------------------------------


@hookimpl
def dashboard_supporters(campaign_ids, limit):
    """The newest donations of any status (the OMS sees pending ones too), with message and prayer."""
    from campaigns.types import RecentSupporter, records_url

    donations = (Donation.objects.filter(campaign_id__in=campaign_ids)
                 .only("campaign_id", "name", "is_anonymous", "created_at", "status", "amount", "received_amount",
                       "message", "prayer")
                 .order_by("-created_at", "-pk")[:limit])
    return [RecentSupporter(
        name=d.name, type_key=KEY, created_at=d.created_at, campaign_id=d.campaign_id, is_anonymous=d.is_anonymous,
        summary=format_rupiah(d.given_amount), message="\n\n".join(t for t in (d.message, d.prayer) if t),
        status=d.get_status_display(), url=records_url(KEY, campaign=d.campaign_id, status=d.status))
        for d in donations]
