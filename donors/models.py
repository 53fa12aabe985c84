"""A donor's account: an email address that has signed in by link at least once.

No password: the donor signs in with a link sent to the address (``donors.links``). What the
account shows is read from the support records by that address (``donor_history`` and
``donor_commitments`` hooks), so guest giving stays the default and an account can be made later.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class DonorAccount(models.Model):
    email = models.EmailField(_("email"), unique=True)  # stored lower-cased
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    #: Changes at every sign-in: a sign-in link names the value it was made with, so it works once.
    last_login_at = models.DateTimeField(_("last signed in"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("donor account")
        verbose_name_plural = _("donor accounts")

    def __str__(self):
        return self.email
