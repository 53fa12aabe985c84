"""An in-kind pledge: a supporter promises some quantity of one item; the OMS records receipt."""
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.records import SupportRecord

from .blocks import MAX_QUANTITY
from .items import format_quantity


class InKindPledge(SupportRecord):
    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        RECEIVED = "received", _("Received")
        PARTLY_RECEIVED = "partly_received", _("Partly received")
        NOT_RECEIVED = "not_received", _("Not received")
        CANCELLED = "cancelled", _("Cancelled")

    class Delivery(models.TextChoices):
        DROP_OFF = "drop_off", _("Drop-off at the organisation")
        PICK_UP = "pick_up", _("Pick-up from the supporter")

    #: Statuses whose ``received_quantity`` counts towards progress.
    COUNTED_STATUSES = (Status.RECEIVED, Status.PARTLY_RECEIVED)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLEDGED,
                              db_index=True)
    item_key = models.CharField(_("item key"), max_length=64)
    # What the pledge was made for, as the campaign named it then: the record stays readable
    # if the editor later renames or removes the item.
    item_name = models.CharField(_("item"), max_length=80)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    quantity = models.PositiveIntegerField(_("quantity pledged"))
    received_quantity = models.PositiveIntegerField(_("quantity received"), null=True, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    delivery_date = models.DateField(_("delivery or pick-up date"))
    address = models.TextField(_("pick-up address"), blank=True, max_length=600)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    language = models.CharField(_("language"), max_length=10, blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta(SupportRecord.Meta):
        verbose_name = _("in-kind pledge")
        verbose_name_plural = _("in-kind pledges")
        indexes = [models.Index(fields=["campaign", "ask_id", "item_key", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0) & Q(quantity__lte=MAX_QUANTITY),
                                   name="inkind_quantity_in_range"),
        ]

    def __str__(self):
        return f"{self.public_name}: {self.summary}"

    @property
    def summary(self):
        """``2 sak Semen``: the quantity received once something arrived, else the quantity pledged."""
        quantity = self.received_quantity if self.status in self.COUNTED_STATUSES else self.quantity
        return " ".join(part for part in (format_quantity(quantity), self.unit, self.item_name) if part)

