"""A book pledge: who promises which children's books, how many, for which ages, in what condition."""
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.records import SupportRecord


class AgeGroup(models.TextChoices):
    UNDER_6 = "0-5", _("Toddlers and pre-school (0–5)")
    EARLY = "6-9", _("Early readers (6–9)")
    MIDDLE = "10-12", _("Middle grade (10–12)")
    TEEN = "13-17", _("Teenagers (13–17)")
    MIXED = "mixed", _("Mixed ages")


class Condition(models.TextChoices):
    NEW = "new", _("New")
    GOOD = "good", _("Used, in good condition")
    WORN = "worn", _("Used, worn but complete and readable")


#: Conditions a drive that takes only new books still accepts.
NEW_ONLY = (Condition.NEW,)


class BookPledge(SupportRecord):
    """A promise of books for one book-drive ask; the OMS marks it received (or rejected) on arrival."""

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        RECEIVED = "received", _("Received")
        REJECTED = "rejected", _("Rejected")

    #: Pledged books count towards the target until they arrive (received) or are turned down.
    COUNTED_STATUSES = (Status.PLEDGED, Status.RECEIVED)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLEDGED,
                              db_index=True)
    titles = models.TextField(_("titles"), max_length=2000,
                              help_text=_("The titles, or a description of the books."))
    quantity = models.PositiveIntegerField(_("number of books"))
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices)
    received_quantity = models.PositiveIntegerField(
        _("books received"), null=True, blank=True,
        help_text=_("How many books actually arrived, when it differs from the pledge."),
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    language = models.CharField(_("language"), max_length=10, blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta(SupportRecord.Meta):
        verbose_name = _("book pledge")
        verbose_name_plural = _("book pledges")
        indexes = [models.Index(fields=["campaign", "ask_id", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="bookpledge_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.public_name}: {self.quantity}"

    @property
    def counted_books(self):
        """The books this pledge adds to progress: those received once it arrives, else those promised."""
        if self.status == self.Status.REJECTED:
            return 0
        if self.status == self.Status.RECEIVED and self.received_quantity is not None:
            return self.received_quantity
        return self.quantity
