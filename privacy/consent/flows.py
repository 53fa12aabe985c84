"""The privacy notice's description of the site's real data flows, generated from the code.

For every installed support type (its records model's personal fields, read off the model named by
its ``records_admin`` hook) and every core form that collects personal data (its form class's own
field labels): what is collected, what for, who sees it, how long it is kept. Then who receives
data (the OMS, the platform, the payment gateways configured in ``PAYMENT_VARIANTS``, the email
provider), the retention policy (``PrivacySettings``) and the data subject's rights.

``generate()`` writes it in every language of the site (a published notice keeps it as it was, so
a plugin uninstalled later still reads as it was described); ``signature()`` is the same thing
without words, so a change of the real flows (a plugin installed, a gateway configured, a field
added, the retention changed) is noticed against the published version (``changes``).
"""
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

#: The fields of a records model that hold personal data, in the order the notice lists them.
PERSONAL_FIELD_NAMES = ("name", "organisation_name", "email", "phone", "address", "message", "note", "comment",
                        "prayer")

#: The payment gateways that receive donors' data, by their ``PAYMENT_VARIANTS`` key.
GATEWAYS = {"midtrans": "Midtrans", "xendit": "Xendit"}


# -- what the site does now, without words -----------------------------------------------------------


def _record_model(key):
    from campaigns.plugins import registry

    if not registry.implements(key, "records_admin"):
        return None
    return getattr(registry.call(key, "records_admin"), "model", None)


def personal_fields(model):
    """The model's fields that hold personal data (``PERSONAL_FIELD_NAMES``, or named ``*_address``)."""
    if model is None:
        return []
    fields = {field.name: field for field in model._meta.concrete_fields}
    chosen = [fields[name] for name in PERSONAL_FIELD_NAMES if name in fields]
    chosen += [field for name, field in fields.items()
               if name.endswith("_address") and field not in chosen]
    return chosen


def gateways():
    """The configured payment gateways' names (bank transfers and test payments involve no third party)."""
    variants = getattr(settings, "PAYMENT_VARIANTS", {}) or {}
    return [name for key, name in GATEWAYS.items() if key in variants]


def _retention():
    from ..models import PrivacySettings

    row = PrivacySettings.current()
    return row.pledge_retention_months, row.money_retention_years, row.request_deadline_hours


def _core_forms():
    """``[(key, form class or model, [field names], available)]`` of the core forms that collect
    personal data. Read lazily: an app may be missing from a site."""
    from campaigns.plugins import registry

    forms = []

    def form_class(path, name):
        try:
            module = __import__(path, fromlist=[name])
        except ImportError:
            return None
        return getattr(module, name, None)

    if apps.is_installed("donors"):
        forms.append(("sign_in", form_class("donors.forms", "SignInForm"), ["email"]))
    if apps.is_installed("events"):
        forms.append(("event", form_class("events.forms", "RegistrationForm"), ["name", "email", "organisation"]))
    if registry.is_installed("donation"):
        forms.append(("fundraiser", form_class("plugins.donation.fundraisers.forms", "StartForm"),
                      ["owner_name", "owner_email", "story", "photo"]))
    if apps.is_installed("reports"):
        forms.append(("report", form_class("reports.forms", "ReportForm"), ["detail", "email"]))
    if apps.is_installed("partners"):
        forms.append(("partner_registration", form_class("partners.forms", "RegistrationForm"),
                      ["full_name", "account_email", "email", "whatsapp"]))
    from ..models import DataSubjectRequest

    forms.append(("privacy_request", DataSubjectRequest, ["email", "phone", "details"]))
    return [(key, source, names) for key, source, names in forms if source is not None]


def _labels(source, names):
    """The labels of ``names`` on a form class (``base_fields``) or a model (verbose names)."""
    labels = []
    for name in names:
        if hasattr(source, "base_fields"):
            field = source.base_fields.get(name)
            label = getattr(field, "label", None) if field is not None else None
        else:
            try:
                label = source._meta.get_field(name).verbose_name
            except Exception:  # noqa: BLE001 - a field renamed away: the notice lists what is there
                label = None
        if label:
            labels.append(str(label))
    return labels


def _available_names(source, names):
    if hasattr(source, "base_fields"):
        return [name for name in names if name in source.base_fields]
    existing = {field.name for field in source._meta.get_fields()}
    return [name for name in names if name in existing]


def signature():
    """The flows without words: what changes the notice when it changes."""
    from campaigns.plugins import registry

    months, years, hours = _retention()
    return {
        "types": {
            support_type.key: {
                "fields": [field.name for field in personal_fields(_record_model(support_type.key))],
                "money": bool(support_type.raises_money),
            }
            for support_type in registry.installed_types()
        },
        "core": {key: _available_names(source, names) for key, source, names in _core_forms()},
        "gateways": gateways(),
        "retention": {"pledge_months": months, "money_years": years, "deadline_hours": hours},
    }


# -- in words --------------------------------------------------------------------------------------


def _type_entry(support_type, months, years, gateway_names):
    model = _record_model(support_type.key)
    label = str(support_type.name)
    money = bool(support_type.raises_money)
    recipients = [
        _("The organisation (OMS) running the campaign you support"),
        _("Lokadaya, the platform"),
    ]
    if money and gateway_names:
        recipients.append(_("The payment gateway you pay through (%(names)s), for a card, e-wallet, virtual "
                            "account or QRIS payment") % {"names": ", ".join(gateway_names)})
    recipients.append(_("Our email provider, to deliver the emails"))
    recipients.append(_("The public: your name on the campaign's list of supporters, only if you do not choose "
                        "to be anonymous"))
    retention = _("Until %(months)s months after the campaign ends; then your name, contact details and "
                  "messages are anonymised.") % {"months": months}
    if money:
        retention += " " + _("Records of money keep your identity for %(years)s years after the campaign ends, "
                             "as accounting law requires; then they are anonymised too (the amounts stay).") % {
            "years": years}
    return {
        "key": support_type.key,
        "kind": "support_type",
        "title": label,
        "collects": [str(field.verbose_name) for field in personal_fields(model)],
        "purpose": _("To record your support (%(type)s) for the campaign you choose, so that the organisation "
                     "running it can follow it up with you: a receipt, a confirmation, the details of a pick-up "
                     "or a shift.") % {"type": label},
        "optional": [
            _("News of the campaign by email: only if you tick it."),
            _("Your name on the campaign's public list of supporters: you may choose to be anonymous."),
        ],
        "recipients": recipients,
        "retention": retention,
    }


def _core_texts():
    """Title, purpose, who sees it and how long, of each core form (by key)."""
    platform = _("Lokadaya, the platform")
    email = _("Our email provider, to deliver the emails")
    until_erased = _("As long as it is needed for this; you can have it erased any time in the privacy centre.")
    return {
        "sign_in": (
            _("Donor account sign-in"),
            _("To email you a sign-in link and show you what was given with your address."),
            [platform, email],
            _("As long as you keep using the account; you can have it erased any time in the privacy centre."),
        ),
        "event": (
            _("Event and webinar registration"),
            _("For the event only: the confirmation, reminders, the recording and your certificate of "
              "attendance."),
            [_("The event's organisers (the provincial network or Lokadaya's training team)"), platform, email],
            until_erased,
        ),
        "fundraiser": (
            _("Starting your own fundraiser"),
            _("To set up your fundraiser's page, send you the link to manage it, and let the organisation "
              "running the campaign check it. Your name and your page are public once approved."),
            [_("The organisation (OMS) running the campaign"), platform, email,
             _("The public: your name and your fundraiser's page, once approved")],
            until_erased,
        ),
        "report": (
            _("Reporting a page or a post (\"Laporkan\")"),
            _("To check what you report and, only if you give your email, to ask you more."),
            [_("The moderators concerned and Lokadaya's national team"), email],
            until_erased,
        ),
        "partner_registration": (
            _("Registering an organisation (\"Register as a partner\")"),
            _("To check and verify your organisation, create your account and, once verified, publish your "
              "organisation's public profile."),
            [_("The moderators of your province's network"), platform, email,
             _("The public: your organisation's profile, once verified (not your own account's details)")],
            _("As long as your organisation is on Lokadaya; you can have your own details erased any time in "
              "the privacy centre."),
        ),
        "privacy_request": (
            _("The privacy centre"),
            _("To confirm that the address or number is yours and answer your request."),
            [platform, email],
            _("As long as needed to answer and to prove the answer; after an erasure only a keyed fingerprint "
              "of your address stays."),
        ),
    }


def _rights(hours):
    return [
        {"key": "know", "text": _("To know: this notice says what is collected, what for, who sees it and for "
                                  "how long.")},
        {"key": "access", "text": _("To access: get everything held about your email or phone number, across "
                                    "every campaign and organisation, as a JSON and a CSV file.")},
        {"key": "correct", "text": _("To correct your name, email or phone number everywhere at once.")},
        {"key": "erase", "text": _("To erase: your personal data is anonymised everywhere; records of money stay, "
                                   "anonymised, as the law requires.")},
        {"key": "withdraw", "text": _("To withdraw a consent (news by email, your name shown publicly) with one "
                                      "click, from the link in every email or from your donor account.")},
        {"key": "object", "text": _("To object to a use of your data, or to ask anything else: write to us.")},
        {"key": "deadline", "text": _("We answer within %(hours)s hours.") % {"hours": hours}},
    ]


def build(language):
    """The flows in ``language``: plain strings, ready to be kept in a published notice."""
    from campaigns.plugins import registry

    with translation.override(language):
        months, years, hours = _retention()
        gateway_names = gateways()
        forms = [_type_entry(support_type, months, years, gateway_names)
                 for support_type in registry.installed_types()]
        texts = _core_texts()
        for key, source, names in _core_forms():
            title, purpose, recipients, retention = texts[key]
            forms.append({"key": key, "kind": "core", "title": str(title), "collects": _labels(source, names),
                          "purpose": str(purpose), "optional": [], "recipients": [str(r) for r in recipients],
                          "retention": str(retention)})
        recipients = [
            {"key": "oms", "text": _("The organisation (OMS) running a campaign you support: it handles your "
                                     "support and sees your name and contact details. Each OMS sees its own "
                                     "supporters only.")},
            {"key": "platform", "text": _("Lokadaya, the platform: it keeps the data, runs the forms and sends the "
                                          "emails. Its team and moderators see it only as their work requires; "
                                          "every view or export of supporters' data by staff is logged.")},
        ]
        if gateway_names:
            recipients.append({"key": "gateways", "text": _(
                "Payment gateways (%(names)s): when you pay by card, e-wallet, virtual account or QRIS, they "
                "receive your name, email and the amount, to process the payment.") % {
                "names": ", ".join(gateway_names)}})
        recipients.append({"key": "email", "text": _("Our email provider: it receives your address and the "
                                                     "email only to deliver it.")})
        recipients.append({"key": "public", "text": _("The public: only your name on a campaign's list of "
                                                      "supporters (unless you choose to be anonymous) and what you "
                                                      "choose to share there.")})
        return {
            "forms": forms,
            "recipients": [{"key": r["key"], "text": str(r["text"])} for r in recipients],
            "retention": {
                "pledge_months": months, "money_years": years,
                "text": str(_("Supporters' personal data is anonymised %(months)s months after the campaign ends. "
                              "Records of money keep the donor's identity for %(years)s years after the campaign "
                              "ends, as accounting law requires, then are anonymised too; the amounts stay.") % {
                    "months": months, "years": years}),
            },
            "rights": [{"key": r["key"], "text": str(r["text"])} for r in _rights(hours)],
        }


def generate():
    """Everything a published notice keeps: the signature and the words in every language."""
    return {
        "signature": signature(),
        "languages": {code: build(code) for code, _name in settings.LANGUAGES},
    }


def in_language(flows, language):
    """The words of ``flows`` (a notice's) in ``language``, or in the site's default language."""
    languages = (flows or {}).get("languages") or {}
    code = (language or "").split("-")[0]
    return languages.get(code) or languages.get(settings.LANGUAGE_CODE) or next(iter(languages.values()), None)


def changes(published, current=None):
    """What differs between a published notice's flows and the site's now, in words (the active
    language); ``[]`` when nothing does."""
    current = current if current is not None else signature()
    before = (published or {}).get("signature")
    if not before:
        return [_("The published version has no description of the data flows.")]
    found = []
    from campaigns.plugins import registry

    def type_label(key):
        support_type = registry.get(key)
        return str(support_type.name) if support_type else key

    old_types, new_types = before.get("types", {}), current["types"]
    for key in sorted(set(new_types) - set(old_types)):
        found.append(_("Support type added: %(type)s") % {"type": type_label(key)})
    for key in sorted(set(old_types) - set(new_types)):
        found.append(_("Support type removed: %(type)s") % {"type": type_label(key)})
    for key in sorted(set(old_types) & set(new_types)):
        if old_types[key] != new_types[key]:
            found.append(_("What %(type)s collects changed") % {"type": type_label(key)})
    old_core, new_core = before.get("core", {}), current["core"]
    if old_core != new_core:
        keys = sorted(set(old_core) ^ set(new_core) | {k for k in set(old_core) & set(new_core)
                                                        if old_core[k] != new_core[k]})
        found.append(_("The site's own forms changed: %(forms)s") % {"forms": ", ".join(keys)})
    if before.get("gateways", []) != current["gateways"]:
        found.append(_("The payment gateways changed: now %(names)s") % {
            "names": ", ".join(current["gateways"]) or _("none")})
    if before.get("retention", {}) != current["retention"]:
        found.append(_("The retention periods or the answer deadline changed"))
    return [str(item) for item in found]
