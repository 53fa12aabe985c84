"""Donor account pages: sign in by emailed link, giving history, yearly summary, story updates,
consents (withdrawn with one click).

Invariants:

* Who is signed in comes only from ``donors.session.current_donor``; every page shows the data of
  that account's address and nothing else. Not signed in: a redirect to the sign-in page.
* The sign-in request answers the same page whether or not the address has given (no account
  enumeration); a link is emailed only to addresses with an account or a support record. The
  site-wide gate limits it per IP and per address (``throttle/policies.py``: ``donors:sign_in``),
  with the honeypot and the captcha when configured (``throttle.middleware``).
* Opening a link (GET) spends nothing: a mail scanner may follow it. Only the confirmation POST
  signs in (``donors.links.use``).
* Every page is private: ``Cache-Control: private, no-store``, ``noindex``; none opts into the
  page cache, which never keeps a response to a request with a session cookie anyway.
"""
import functools

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaigns.notifications import absolute_url, send_templated_email
from lokadaya.personal_pages import personal_page

from . import account as donor_account
from . import links, session, summary
from .forms import SignInForm


def signed_in(view):
    """The account's pages: the donor, or a redirect to the sign-in page."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        donor = session.current_donor(request)
        if donor is None:
            return redirect("donors:sign_in")
        return view(request, donor, *args, **kwargs)
    return wrapped


# -- signing in ----------------------------------------------------------------------------------


def send_link(email):
    """Email a sign-in link to ``email`` if it has given here; nothing otherwise. Queued (task worker)."""
    if not donor_account.has_given(email):
        return False
    account = donor_account.DonorAccount.objects.filter(email=email).first()
    link = absolute_url(reverse("donors:sign_in_link", kwargs={"token": links.make_token(email, account)}))
    return send_templated_email(email, "donors/email/sign_in", {
        "link": link, "minutes": links.MAX_AGE // 60, "email": email}, language=get_language())


@personal_page
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request):
    donor = session.current_donor(request)
    if donor is not None and request.method != "POST":
        return redirect("donors:account")
    form = SignInForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            # Too many links for one address or IP: the site's throttle (throttle/policies.py) answers 429.
            email = form.cleaned_data["email"]
            send_link(email)
            return TemplateResponse(request, "donors/sign_in_sent.html", {"email": email})
        return TemplateResponse(request, "donors/sign_in.html", {"form": form}, status=400)
    return TemplateResponse(request, "donors/sign_in.html", {
        "form": form, "signed_out": request.GET.get("keluar") == "1"})


@personal_page
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_link(request, token):
    """GET: a button (scanners that open links spend nothing). POST: sign in, once."""
    try:
        if request.method == "POST":
            account = links.use(token, language=get_language() or "")
            session.sign_in(request, account)
            return redirect("donors:account")
        email = links.check(token)
    except links.LinkExpired:
        return _link_error(request, _("This sign-in link has expired: links work for 30 minutes. Ask for a new one "
                                      "below."), status=410)
    except links.LinkInvalid:
        return _link_error(request, _("This sign-in link is not valid or has already been used. Each link works "
                                      "once; ask for a new one below."), status=400)
    return TemplateResponse(request, "donors/sign_in_link.html", {"email": email})


def _link_error(request, message, status):
    return TemplateResponse(request, "donors/sign_in.html", {"form": SignInForm(), "error": message}, status=status)


@personal_page
@require_POST
def sign_out(request):
    session.sign_out(request)
    return redirect(reverse("donors:sign_in") + "?keluar=1")


# -- the account ---------------------------------------------------------------------------------


@personal_page
@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def account(request, donor):
    """The account; a POST withdraws one optional consent of the account's address, or all of them
    (``privacy.consent.withdrawal``: the same as the signed link in every email)."""
    from privacy.consent import withdrawal

    consent_error = ""
    if request.method == "POST":
        chosen = withdrawal.parse(request.POST.get("consent", ""), withdrawal.active_choices(donor.email))
        if chosen:
            withdrawal.withdraw(donor.email, chosen)
            return redirect(reverse("donors:account") + "?persetujuan=ditarik#consents-heading")
        consent_error = _("Choose a consent to withdraw: it may have been withdrawn already.")
    years = donor_account.history(donor)
    return TemplateResponse(request, "donors/account.html", {
        "donor": donor, "years": years, "commitments": donor_account.commitments(donor),
        "has_history": bool(years), "consents": withdrawal.active_choices(donor.email),
        "consent_error": consent_error, "consent_withdrawn": request.GET.get("persetujuan") == "ditarik",
    }, status=400 if consent_error else 200)


@personal_page
@require_http_methods(["GET", "HEAD"])
@signed_in
def yearly_summary(request, donor, year):
    found = next((y for y in donor_account.history(donor) if y.year == year and y.counted), None)
    if found is None:
        raise Http404(_("No donation counts in this year."))
    if request.GET.get("format") == "csv":
        response = HttpResponse(summary.csv(donor, found), content_type="text/csv; charset=utf-8")
        extension = "csv"
    else:
        response = HttpResponse(summary.pdf(donor, found), content_type="application/pdf")
        extension = "pdf"
    response["Content-Disposition"] = f'attachment; filename="lokadaya-donasi-{year}.{extension}"'
    return response


@personal_page
@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def updates(request, donor):
    saved = False
    if request.method == "POST":
        keep = {int(value) for value in request.POST.getlist("campaign") if value.isdigit()}
        donor_account.save_update_choices(donor, keep, nothing=request.POST.get("nothing") == "1")
        saved = True
    campaigns, muted, nothing = donor_account.update_choices(donor)
    return TemplateResponse(request, "donors/updates.html", {
        "donor": donor, "campaigns": campaigns, "muted": muted, "nothing": nothing, "saved": saved,
    })
