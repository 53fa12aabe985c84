"""The volunteering ask: roles, each with the skills it wants and its shifts.

A shift is identified by the id Wagtail gives each item of the ``shifts`` ListBlock
(``role["shifts"].bound_blocks[i].id``, a UUID stored with the page's JSON). It survives edits,
reordering and translation (wagtail-localize copies the ids), so a signup's ``shift_id`` keeps
pointing at its shift. Deleting a shift in the editor orphans its signups: they stay in the
records (with the shift details copied at signup time) but no longer count towards progress.
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from campaigns.blocks import AskBlock

MAX_SLOTS = 10000


class ShiftBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Date"))
    start_time = blocks.TimeBlock(label=_("Start time"))
    end_time = blocks.TimeBlock(
        label=_("End time"),
        help_text=_("If it is earlier than the start time, the shift ends the next day (e.g. a night patrol)."),
    )
    place = blocks.CharBlock(label=_("Place"), max_length=200,
                             help_text=_("Where volunteers meet, e.g. “Balai Desa Sukamaju, Jl. Melati 3”."))
    slots = blocks.IntegerBlock(label=_("Slots"), min_value=1, max_value=MAX_SLOTS,
                                help_text=_("How many volunteers this shift needs."))

    def clean(self, value):
        value = super().clean(value)
        if value.get("start_time") and value.get("end_time") and value["start_time"] == value["end_time"]:
            raise StructBlockValidationError(block_errors={
                "end_time": ValidationError(_("The shift must end at a different time than it starts.")),
            })
        return value

    class Meta:
        icon = "time"
        label = _("Shift")


class RoleBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Role"), max_length=120,
                            help_text=_("e.g. “Reading companion” or “Night patrol”."))
    description = blocks.TextBlock(label=_("What the volunteer does"), required=False, max_length=600)
    skills = blocks.CharBlock(label=_("Skills wanted"), required=False, max_length=200,
                              help_text=_("e.g. “patient with children, can ride a motorbike”."))
    shifts = blocks.ListBlock(ShiftBlock(), label=_("Shifts"), min_num=1)

    class Meta:
        icon = "user"
        label = _("Role")


class VolunteeringAskBlock(AskBlock):
    roles = blocks.ListBlock(RoleBlock(), label=_("Roles"), min_num=1)

    class Meta:
        icon = "group"
