"""The policy table: which limits apply to a POST, found by the view that will answer it.

A policy is looked up by the resolved URL name (``request.resolver_match.view_name``). Wagtail
pages all resolve to ``wagtail_serve``; for them the key is the page's model and the name of the
routable sub-view that will answer (``campaigns.campaignpage:pledge``), so every support type's
pledge form — present or future, core or third-party — is covered by the one line below.

To cover a new public form, add one line to ``POLICIES``. A public POST endpoint that is not in the
table gets ``DEFAULT`` (per IP, anonymous visitors only). Endpoints that machines call (payment
notifications) are ``EXEMPT``: their callers are authenticated by signature, not by address.

Rates are django-ratelimit's: ``"5/h"`` is five per hour, ``"20/15m"`` twenty per 15 minutes.
"""
from dataclasses import dataclass, field

from . import conf


@dataclass(frozen=True)
class Policy:
    #: Counts are kept per group: several URLs may share one (every sign-in form counts together).
    group: str
    #: The form fields holding the email address (or username) the request is about, first filled wins.
    email_fields: tuple = field(default=())
    #: Applied to signed-in users too (sign-in, sign-up, pledges); ``DEFAULT`` only to anonymous ones.
    everyone: bool = True

    def rates(self):
        """``{"ip": rate or None, "email": rate or None}``, settings' overrides first."""
        return {**RATES.get(self.group, {}), **conf.rate_overrides().get(self.group, {})}


#: Limits per group. Generous for one person (a family giving from one phone, a volunteer signing
#: up for a few shifts), tight for a script. "email" counts per target address, whoever sends.
RATES = {
    "login": {"ip": "20/15m", "email": "10/15m"},
    "register": {"ip": "5/h", "email": "3/h"},
    "resend": {"ip": "5/h", "email": "3/h"},
    "pledge": {"ip": "20/h", "email": "5/h"},
    "report": {"ip": "10/h", "email": "5/h"},
    "post": {"ip": "30/m"},
    # Forum threads and replies (members only; forums.posting also limits each member).
    "forum_post": {"ip": "30/10m"},
    # A donor's sign-in link by email (donors/), and a supporter starting a fundraiser.
    "donor_sign_in": {"ip": "10/h", "email": "5/h"},
    "fundraiser": {"ip": "5/h", "email": "3/h"},
    # The privacy centre (privacy/centre/): a link to see one's data, and a link to a new address.
    "privacy_centre": {"ip": "10/h", "email": "5/h"},
}

LOGIN = Policy("login", email_fields=("username",))
PLEDGE = Policy("pledge", email_fields=("email",))
DEFAULT = Policy("post", everyone=False)
EXEMPT = None

POLICIES = {
    # Sign-in forms (django-axes also locks an account out after repeated failures from one address).
    "wagtailadmin_login": LOGIN,
    "admin:login": LOGIN,
    "partners:login": LOGIN,
    # OMS registration and its "send the link again".
    "partners:register": Policy("register", email_fields=("account_email",)),
    "partners:registered": Policy("resend", email_fields=("email",)),
    # Every support type's pledge form, petition signing included (campaigns.models.CampaignPage.pledge).
    "campaigns.campaignpage:pledge": PLEDGE,
    "petition:resend": Policy("resend"),
    # "Laporkan": a visitor reports a campaign, OMS or story (reports/).
    "reports:report": Policy("report", email_fields=("email",)),
    # Accepting an OMS's invitation to learn (signs up a new account).
    "learning:accept_invitation": Policy("register"),
    # Registration for a webinar or training (events/views.py register).
    "events:register": PLEDGE,
    # The forums: a new thread, a reply (the thread page's POST), reporting a post.
    "forums:thread_new": Policy("forum_post"),
    "forums:thread": Policy("forum_post"),
    "forums:report_post": Policy("report", email_fields=("email",)),
    # Donor accounts: asking for a sign-in link, and using one.
    "donors:sign_in": Policy("donor_sign_in", email_fields=("email",)),
    "donors:sign_in_link": LOGIN,
    # A supporter starts their own fundraiser for a campaign (plugins/donation/fundraisers).
    "donation:fundraiser_start": Policy("fundraiser", email_fields=("owner_email",)),
    # The privacy centre: asking for a link (per address asked about), using one, and a new
    # address's confirmation link (per new address: nobody floods an inbox from a verified session).
    "privacy:centre": Policy("privacy_centre", email_fields=("email",)),
    "privacy:centre_link": LOGIN,
    "privacy:centre_correct": Policy("privacy_centre", email_fields=("email",)),
    "privacy:centre_email_link": LOGIN,
    # Payment notifications from the gateways and django-payments' callbacks: signed, machine-sent.
    "gateway_notification": EXEMPT,
    "process_payment": EXEMPT,
    "static_process_payment": EXEMPT,
}

#: Path prefixes whose POSTs belong to signed-in staff (apart from the login forms named above).
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def policy_key(request):
    """The table key for this request: its URL name, or ``<page model>:<sub-view>`` for a Wagtail page."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.view_name == "wagtail_serve":
        # Exactly the path Wagtail's serve(request, path) receives (a positional group in its URL).
        path = match.kwargs.get("path", match.args[0] if match.args else "")
        return page_route_key(request, path)
    return match.view_name or ""


def page_route_key(request, path):
    """Route ``path`` as Wagtail's ``serve`` will and name the result.

    ``Page.route_for_request`` caches its answer on the request, so ``serve`` does not route twice.
    """
    from wagtail.models import Page

    result = Page.route_for_request(request, path)
    if result is None:
        return "wagtail_serve"
    page = result[0]
    sub_view = getattr(request, "routable_resolver_match", None)
    name = getattr(sub_view, "url_name", "") if sub_view is not None else ""
    return f"{page._meta.label_lower}:{name}" if name else page._meta.label_lower


def policy_for(request):
    """The ``Policy`` for this POST, ``EXEMPT`` (None) or ``DEFAULT``."""
    key = policy_key(request)
    if key in POLICIES:
        return POLICIES[key]
    return DEFAULT
