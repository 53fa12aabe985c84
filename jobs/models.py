"""When each scheduled job last ran and runs next (one row per job, locked while it is queued)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    name = models.CharField(_("job"), max_length=100, primary_key=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_queued_at = models.DateTimeField(_("last queued"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self):
        return self.name
