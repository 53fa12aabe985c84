"""The partnership support type's hook implementations (see campaigns/hookspecs.py)."""
from decimal import Decimal

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _, ngettext

from campaigns.hookspecs import hookimpl
from campaigns.notifications import absolute_url, organisation_email, send_templated_email
from campaigns.progress import progress_rows
from campaigns.types import Column, Progress, RecordsAdmin, Supporter, SupportType
from campaigns.wall import supporter_rows
from lokadaya.money import format_rupiah
from privacy import records

from . import demo, views
from .blocks import PartnershipAskBlock
from .forms import ProposalStatusForm
from .models import Proposal

KEY = "partnership"


@hookimpl
def support_type():
    return SupportType(
        key=KEY, name=_("Partnership"), icon="group", order=40, action_label=_("Propose a partnership"),
        description=_("Partnership and collaboration proposals from businesses, UMKM, government, "
                      "other OMS, academia and media."),
    )


@hookimpl
def ask_block():
    return PartnershipAskBlock()


@hookimpl
def pledge_view(request, campaign, ask):
    return views.pledge(request, campaign, ask)


def _progress(asks, by_ask):
    """``{ask id: Progress}`` from ``{ask id: agreed proposals}``."""
    result = {}
    for ask in asks:
        agreed_count = by_ask.get(ask.id, 0)
        target = Decimal(ask.value.get("target_partners") or 0)
        result[ask.id] = Progress(
            current=Decimal(agreed_count), target=target,
            unit=ngettext("partner", "partners", int(target)),
            supporters=agreed_count, money=None, label=str(_("agreed partners")),
        )
    return result


@hookimpl
def ask_progress(campaign, asks):
    agreed = Q(status=Proposal.Status.AGREED)
    rows = (
        Proposal.objects.filter(campaign=campaign, ask_id__in=[a.id for a in asks])
        .values("ask_id")
        .annotate(agreed=Count("pk", filter=agreed))
    )
    return _progress(asks, {row["ask_id"]: row["agreed"] for row in rows})


@hookimpl
def progress_query(campaign_ids, ask_ids):
    """Per ask: agreed proposals (``count``)."""
    agreed = Proposal.objects.filter(campaign_id__in=campaign_ids, ask_id__in=ask_ids, status=Proposal.Status.AGREED)
    return progress_rows(agreed, counts=[Count("pk")])


@hookimpl
def progress_from_rows(campaign, asks, rows):
    return _progress(asks, {row.ask_id: row.count for row in rows})


@hookimpl
def api_ask(campaign, ask, progress):
    """What the page and the proposal form show of a partnership ask: the kinds of partnership sought
    (key and label), how many partners are wanted and what partners get in return. No query; never
    anything about a proposer (agreed partners shown by consent stay on the page's wall)."""
    kinds = [kind for kind in ask.value.get("kinds_sought") or [] if kind in Proposal.Kind.values]
    return {
        "kinds_sought": [{"key": kind, "label": str(Proposal.Kind(kind).label)} for kind in kinds],
        "partners_wanted": int(ask.value.get("target_partners") or 0),
        "offer_in_return": ask.value.get("offer_in_return") or "",
    }


def sector_label(proposal):
    return _sector_label(proposal.sector)


def _sector_label(sector):
    label = _SECTOR_LABELS.get(sector)
    return str(label) if label is not None else ""


#: Each sector's (lazily translated) label: every partner on a wall is shown with one.
_SECTOR_LABELS = dict(Proposal.Sector.choices)


def _public_partners(queryset):
    """Agreed partners who consented to be shown; never anyone else."""
    return queryset.filter(status=Proposal.Status.AGREED, show_publicly=True, is_anonymous=False)


@hookimpl
def supporter_wall(campaign, limit):
    """Agreed partners who consented to be shown, by organisation and sector; never anyone else."""
    partners = (_public_partners(Proposal.objects.filter(campaign=campaign))
                .only("organisation_name", "sector", "created_at", "show_publicly", "is_anonymous")
                .order_by("-created_at", "-pk")[:limit])
    return [Supporter(name=p.public_name, type_key=KEY, created_at=p.created_at,
                      summary=str(_("Partner · %(sector)s") % {"sector": sector_label(p)}))
            for p in partners]


@hookimpl
def supporter_query(campaign_id, limit):
    """The same partners as ``supporter_wall``: by organisation (``name``) and sector (``text``)."""
    partners = _public_partners(Proposal.objects.filter(campaign_id=campaign_id))
    return supporter_rows(partners, KEY, limit, name="organisation_name", text="sector")


@hookimpl
def supporter_from_row(row):
    return Supporter(name=row.name, type_key=KEY, created_at=row.created_at,
                     summary=str(_("Partner · %(sector)s") % {"sector": _sector_label(row.text)}))


def _value(proposal):
    return format_rupiah(proposal.value_estimate) if proposal.value_estimate is not None else ""


@hookimpl
def records_admin():
    columns = [
        Column(_("Date"), lambda p: p.created_at.strftime("%Y-%m-%d %H:%M")),
        Column(_("Campaign"), lambda p: p.campaign.title),
        Column(_("Organisation"), lambda p: p.organisation_name),
        Column(_("Sector"), lambda p: p.get_sector_display()),
        Column(_("Kind"), lambda p: p.get_kind_display()),
        Column(_("Contact"), lambda p: f"{p.name} · {p.email}"),
        Column(_("Estimated value"), _value),
        Column(_("Public if agreed"), lambda p: _("yes") if p.show_publicly else _("no")),
        Column(_("Status"), lambda p: p.get_status_display()),
    ]
    export = [
        Column("id", lambda p: p.pk),
        Column(_("Date"), lambda p: p.created_at.isoformat()),
        Column(_("Campaign"), lambda p: p.campaign.title),
        Column(_("Ask"), lambda p: p.ask_id),
        Column(_("Organisation"), lambda p: p.organisation_name),
        Column(_("Sector"), lambda p: p.get_sector_display()),
        Column(_("Kind"), lambda p: p.get_kind_display()),
        Column(_("Contact person"), lambda p: p.name),
        Column(_("Email"), lambda p: p.email),
        Column(_("Phone / WhatsApp"), lambda p: p.phone),
        Column(_("Website"), lambda p: p.website),
        Column(_("Offer"), lambda p: p.offer),
        Column(_("Estimated value (Rp)"), lambda p: p.value_estimate if p.value_estimate is not None else ""),
        Column(_("Public if agreed"), lambda p: "1" if p.show_publicly else "0"),
        Column(_("Wants updates"), lambda p: "1" if p.wants_updates else "0"),
        Column(_("Status"), lambda p: p.status),
        Column(_("Message to the proposer"), lambda p: p.response),
    ]
    return RecordsAdmin(model=Proposal, columns=columns, export_columns=export, status_form=ProposalStatusForm,
                        search_fields=["name", "email", "organisation_name", "phone"])


def _context(proposal):
    return {
        "proposal": proposal,
        "campaign": proposal.campaign,
        "campaign_url": absolute_url(proposal.campaign.url or "/"),
        "admin_url": absolute_url(reverse("campaign_records:status", kwargs={"type_key": KEY, "pk": proposal.pk})),
        "value": _value(proposal),
    }


@hookimpl
def pledge_recorded(record):
    if not isinstance(record, Proposal):
        return
    context = _context(record)
    send_templated_email(record.email, "partnership/email/received", context, language=record.language or None)
    send_templated_email(organisation_email(record.campaign), "partnership/email/organisation_new", context)


def already_proposed(record):
    """Another proposal came with this open proposal's email: tell its sender, nobody else."""
    send_templated_email(record.email, "partnership/email/already_proposed", _context(record),
                         language=record.language or None)


STATUS_EMAILS = {
    Proposal.Status.DISCUSSION: "partnership/email/discussion",
    Proposal.Status.AGREED: "partnership/email/agreed",
    Proposal.Status.DECLINED: "partnership/email/declined",
}


@hookimpl
def pledge_status_changed(record, old_status, user):
    if not isinstance(record, Proposal):
        return
    template = STATUS_EMAILS.get(record.status)
    if template:
        send_templated_email(record.email, template, _context(record), language=record.language or None)


@hookimpl
def demo_ask(initiative):
    return demo.ask(initiative)


@hookimpl
def demo_records(campaign, ask, count, rng):
    demo.records(campaign, ask, count, rng)


# --- Personal data (UU PDP) --------------------------------------------------------------------
# The personal data of a proposal is its contact person's (name, email, phone) and what they wrote
# (the offer) or were written (the OMS's response). The organisation is a company, government
# office or OMS, not a person: its name, sector, website and the consent to be shown as a partner
# stay, so an agreed partner is still listed. One open proposal per address and ask is a database
# constraint, so the address becomes a per-row stand-in that reaches no one.

#: The proposal's own personal fields, blanked beside name, email and phone; the public listing stays.
PERSONAL_FIELDS = {"offer": "", "response": "", "email": records.anonymous_email(), "is_anonymous": F("is_anonymous")}


def _proposals_of(subject):
    return records.of_subject(Proposal.objects.all(), subject)


@hookimpl
def personal_data(subject):
    return records.describe(_proposals_of(subject).order_by("pk"), support_type().name, extra_fields=(
        "organisation_name", "offer", "response", "show_publicly"))


@hookimpl
def correct_personal_data(subject, changes):
    return records.correct(_proposals_of(subject), changes, unique_within=("campaign", "ask_id"))


@hookimpl
def erase_personal_data(subject):
    return records.anonymise(_proposals_of(subject), **PERSONAL_FIELDS)


@hookimpl
def expire_personal_data(campaign_ids, include_money):
    return records.anonymise(Proposal.objects.filter(campaign_id__in=campaign_ids), **PERSONAL_FIELDS)


# --- The OMS's dashboard ----------------------------------------------------------------------


@hookimpl
def dashboard_todo(campaigns):
    """New proposals to answer and proposals in discussion, per campaign: one query."""
    from campaigns.types import TodoItem, records_url

    labels = {Proposal.Status.NEW: _("Partnership proposals to answer"),
              Proposal.Status.DISCUSSION: _("Partnership proposals in discussion")}
    rows = (Proposal.objects.filter(campaign_id__in=[c.pk for c in campaigns], status__in=Proposal.OPEN_STATUSES)
            .values_list("campaign_id", "status").annotate(n=Count("pk")).order_by("campaign_id", "status"))
    return [TodoItem(label=labels[status], count=n, url=records_url(KEY, campaign=campaign_id, status=status),
                     campaign_id=campaign_id, type_key=KEY) for campaign_id, status, n in rows]


@hookimpl
def dashboard_supporters(campaign_ids, limit):
    """The newest proposals: the organisation and its contact person, what it offers."""
    from campaigns.types import RecentSupporter, records_url

    proposals = (Proposal.objects.filter(campaign_id__in=campaign_ids)
                 .only("campaign_id", "name", "is_anonymous", "created_at", "status", "organisation_name", "kind",
                       "offer", "show_publicly")
                 .order_by("-created_at", "-pk")[:limit])
    return [RecentSupporter(
        name=f"{p.organisation_name} ({p.name})" if p.name else p.organisation_name, type_key=KEY,
        created_at=p.created_at, campaign_id=p.campaign_id, is_anonymous=not p.show_publicly or p.is_anonymous,
        summary=p.get_kind_display(), message=p.offer, status=p.get_status_display(),
        url=records_url(KEY, campaign=p.campaign_id, status=p.status)) for p in proposals]
