"""A volunteer's signup for one shift of a volunteering ask."""
from decimal import Decimal

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.records import SupportRecord

from .shifts import Shift, describe_when


class VolunteerSignup(SupportRecord):
    """One person on one shift.

    ``shift_id`` is the id of the shift's item in the ask's ``shifts`` ListBlock. The role, date,
    times and place are copied at signup time so the record, the CSV and the emails still read
    right if the editor later changes or deletes the shift.
    """

    class Status(models.TextChoices):
        # Context: core (partners) translates a bare "Registered" as an OMS signing up.
        REGISTERED = "registered", pgettext_lazy("volunteering", "Registered")
        CONFIRMED = "confirmed", _("Confirmed")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED = "cancelled", _("Cancelled")

    #: The statuses that hold a slot and count as a filled slot. A cancelled signup frees its slot.
    #: A no-show frees it too: the slot was not filled. (A no-show is only known once the shift
    #: has started, when the shift takes no more signups anyway.)
    COUNTED_STATUSES = (Status.REGISTERED, Status.CONFIRMED, Status.ATTENDED)
    #: The statuses that count a person as a supporter of the campaign (everyone who did not cancel).
    SUPPORTER_STATUSES = (Status.REGISTERED, Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED,
                              db_index=True)
    shift_id = models.CharField(_("shift"), max_length=64, db_index=True)
    role_name = models.CharField(_("role"), max_length=120, blank=True)
    shift_date = models.DateField(_("shift date"))
    shift_start = models.TimeField(_("start time"))
    shift_end = models.TimeField(_("end time"))
    shift_place = models.CharField(_("place"), max_length=200, blank=True)
    note = models.TextField(_("skills and motivation"), blank=True, max_length=1000)
    hours = models.DecimalField(_("hours given"), max_digits=4, decimal_places=1, null=True, blank=True,
                                help_text=_("Only for volunteers who attended."))
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta(SupportRecord.Meta):
        verbose_name = _("volunteer signup")
        verbose_name_plural = _("volunteer signups")
        indexes = [models.Index(fields=["campaign", "ask_id", "shift_id", "status"])]
        constraints = [
            # The same email once per shift (a cancelled signup does not count, so one can come back).
            models.UniqueConstraint(
                "campaign", "ask_id", "shift_id", Lower("email"),
                condition=~models.Q(status="cancelled"), name="volunteering_one_signup_per_shift",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True) | models.Q(hours__gte=Decimal("0")),
                name="volunteering_hours_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.name or self.email}: {self.role_name} {self.shift_date}"

    @property
    def shift_when(self):
        return describe_when(self.shift_date, self.shift_start, self.shift_end)

    @property
    def shift(self):
        """The shift as it was at signup time."""
        return Shift(id=self.shift_id, role_name=self.role_name, skills="", date=self.shift_date,
                     start=self.shift_start, end=self.shift_end, place=self.shift_place, slots=0)

    @property
    def holds_slot(self):
        return self.status in self.COUNTED_STATUSES
