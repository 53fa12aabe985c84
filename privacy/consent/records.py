"""Writing consents on record: what a person agreed to on a form, with the notice version in force.

Invariants:

* **Same transaction as the record.** ``for_support_record`` is called by
  ``campaigns.events.record_created`` inside the plugin's transaction: a pledge and its consents
  are written together or not at all.
* **Three rows per support record**, in one bulk insert: ``processing`` (given: the form cannot be
  sent without it), ``updates`` (``wants_updates``) and ``public_name`` (not anonymous and a name
  given), each with the address lower-cased, the phone, the subject key, the notice version, the
  type key, the record and its campaign and OMS. A fixed number of queries whatever the type.
* Consents are proof, never the switch: what is sent or shown follows the records
  (``wants_updates``, ``is_anonymous``), which withdrawal changes together with these rows.
"""
from ..models import Consent
from ..subjects import Subject, normalise_email
from . import notices

_type_keys = {}  # (plugin manager, model) -> type key


def type_key_of(model):
    """The key of the support type whose records are ``model`` (``records_admin().model``), or ""."""
    from campaigns.plugins import registry

    memo_key = (registry.manager, model)
    if memo_key not in _type_keys:
        found = ""
        for support_type in registry.installed_types():
            if registry.implements(support_type.key, "records_admin") and \
                    getattr(registry.call(support_type.key, "records_admin"), "model", None) is model:
                found = support_type.key
                break
        _type_keys[memo_key] = found
    return _type_keys[memo_key]


def organisation_id_of(campaign):
    """The pk of the OMS page above ``campaign`` (one query at most; none when it was loaded)."""
    if campaign is None:
        return None
    if "_organisation" in campaign.__dict__:
        organisation = campaign.__dict__["_organisation"]
        return organisation.pk if organisation is not None else None
    return campaign.organisation_rows().values_list("pk", flat=True).first()


def _rows(*, source, email, phone, granted, version, record_type="", record_id="", campaign_id=None,
          organisation_id=None):
    email = normalise_email(email)
    phone = (phone or "").strip()[:30]
    subject = Subject.of(email, phone)
    key = subject.key if subject else ""
    return [Consent(email=email, phone=phone, subject=key, purpose=purpose, granted=bool(given),
                    notice_version=version, source=source[:80], record_type=record_type, record_id=str(record_id),
                    campaign_id=campaign_id, organisation_id=organisation_id)
            for purpose, given in granted]


def for_support_record(record):
    """Write the three consents of a new support record (call in the record's transaction)."""
    campaign = record.campaign if record.campaign_id else None
    name_given = bool((getattr(record, "name", "") or "").strip())
    granted = [
        (Consent.Purpose.PROCESSING, True),
        (Consent.Purpose.UPDATES, bool(getattr(record, "wants_updates", False))),
        (Consent.Purpose.PUBLIC_NAME, name_given and not getattr(record, "is_anonymous", False)),
    ]
    rows = _rows(source=type_key_of(type(record)) or record._meta.label_lower, email=record.email,
                 phone=getattr(record, "phone", ""), granted=granted, version=notices.current_version(),
                 record_type=record._meta.label_lower, record_id=record.pk, campaign_id=record.campaign_id,
                 organisation_id=organisation_id_of(campaign))
    return Consent.objects.bulk_create(rows)


def for_form(*, source, email="", phone="", record=None, campaign=None, organisation=None, updates=None,
             public_name=None):
    """Write the consents of a core form (an event registration, a fundraiser...): ``processing``
    always, ``updates`` / ``public_name`` only when the form asks them (True or False, not None).
    ``source``: the form's name, e.g. "event", "fundraiser"; ``campaign``: the source-language page.
    Call in the form's transaction."""
    granted = [(Consent.Purpose.PROCESSING, True)]
    if updates is not None:
        granted.append((Consent.Purpose.UPDATES, bool(updates)))
    if public_name is not None:
        granted.append((Consent.Purpose.PUBLIC_NAME, bool(public_name)))
    if organisation is None and campaign is not None:
        organisation_id = organisation_id_of(campaign)
    else:
        organisation_id = getattr(organisation, "pk", None)
    rows = _rows(source=source, email=email, phone=phone, granted=granted, version=notices.current_version(),
                 record_type=record._meta.label_lower if record is not None else "",
                 record_id=record.pk if record is not None else "",
                 campaign_id=getattr(campaign, "pk", None), organisation_id=organisation_id)
    return Consent.objects.bulk_create(rows)
