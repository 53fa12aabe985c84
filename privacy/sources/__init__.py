"""Core's own personal data: what the platform holds about a person outside the support types.

Each source describes, corrects and erases one kind of row (a donor account, an event
registration, an opt-out, a sign-in account, the free texts that may quote the person...).
``service`` calls every source in ``CORE_SOURCES`` beside the plugins' hooks, with ``held``: what
was found about the person before anything changed (``Held``: their records, the names on them).
A new core model holding personal data adds its source to the module of its kind (``accounts``,
``rows``, ``proofs``, ``text``; what they share is in ``base``) and to ``CORE_SOURCES`` below.

Invariants:

* **Found by the address or the number only.** A source reads rows whose email or phone is the
  subject's (``subjects.matching``), or rows about the person's own records (``held.references``);
  never a row because of a name alone, except where a name is *replaced* in free text.
* **Staff accounts stay.** A sign-in account with access to the admin (staff, superuser, an OMS
  editor, a moderator) is never corrected, deactivated or anonymised from here: describing it
  says that the national admin handles it (``CoreRecord.erasure_note``), so an erasure request
  naming a staff address cannot lock anyone out of the admin.
* **Proof stays, the person goes.** Consents and requests keep their keyed hash (``subject``) and
  dates with the address blanked; a report stays for moderation without the reporter's address;
  a certificate is revoked and anonymised, never deleted, so its public page says why.
* **Free text is rewritten, not deleted.** Audit logs, status notes and money flags keep what
  happened; the person's address, number and names in them are replaced (``MASK`` on erasure,
  the corrected value on correction).
* **Nothing queued is cancelled.** A task not yet run (an email already queued) is left to run
  and said so; finished tasks naming the person are deleted (the worker prunes them anyway).
"""
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .accounts import DonorAccounts, OrganisationContacts, Users
from .base import (ERASED_NAME, MASK, PHONE_SEPARATORS, CoreRecord, Held, Rewrite, Source,  # noqa: F401
                   correction, is_staff_account, phone_pattern)
from .proofs import Consents, Requests
from .rows import (Certificates, EventRegistrations, LearnerInvitations, Reports, StoryUpdateDeliveries,
                   UpdateOptOuts)
from .text import FreeText, QueuedTasks, on_records

# The order matters where one source finds rows through another's: certificates through their
# account's address, so before the accounts; the free texts last (they replace the names found first).
CORE_SOURCES = [
    DonorAccounts(),
    UpdateOptOuts(),
    StoryUpdateDeliveries(),
    EventRegistrations(),
    LearnerInvitations(),
    Reports(),
    Certificates(),
    OrganisationContacts(),
    Users(),
    Consents(),
    Requests(),
    FreeText("campaigns.StatusChange", ["note"], own=on_records("record_type", "record_id"),
             source=_("Note on a status change")),
    FreeText("finance.MoneyFlag", ["note", "resolution"], own=on_records("source_type", "source_id")),
    FreeText("reports.Report", ["detail", "handling_note"],
             described_elsewhere=lambda subject: Q(email__iexact=subject.email) if subject.email else Q(pk__in=[])),
    FreeText("finance.Disbursement", ["note"]),
    FreeText("cohorts.CohortMessage", ["subject", "body"]),
    FreeText("privacy.AccessLogEntry", ["what", "path"], names_everywhere=True),
    FreeText("privacy.Breach", ["description", "measures"]),
    FreeText("admin.LogEntry", ["object_repr", "change_message"], names_everywhere=True,
             source=_("Administration log")),
    FreeText("wagtailcore.ModelLogEntry", ["label"], ["data"], names_everywhere=True,
             source=_("Administration log")),
    FreeText("wagtailcore.PageLogEntry", ["label"], ["data"], names_everywhere=True,
             source=_("Administration log")),
    QueuedTasks(),
]
