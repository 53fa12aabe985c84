"""Sources for sign-in accounts: donor accounts, the site's user accounts (staff accounts never
changed here) and an OMS profile whose contact is the person."""
from django.apps import apps
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..subjects import matching, normalise_email
from .base import Source, core_record, is_staff_account


class DonorAccounts(Source):
    """A donor's account (``donors``): only an address; erasing deletes it (history is read from
    the records, which are anonymised by their plugins)."""

    def rows(self, subject):
        from donors.models import DonorAccount

        return matching(DonorAccount.objects.all(), subject, phone_field=None)

    def describe(self, subject, held=None):
        return [core_record(row, ["email", "language", "created_at", "last_login_at"], created_at=row.created_at)
                for row in self.rows(subject)]

    def correct(self, subject, changes, held=None):
        email = normalise_email(changes.get("email"))
        if not email:
            return 0
        count = 0
        for row in self.rows(subject):
            if type(row).objects.filter(email=email).exclude(pk=row.pk).exists():
                row.delete()  # the new address has its own account already: its history follows the records
            else:
                type(row).objects.filter(pk=row.pk).update(email=email)
            count += 1
        return count

    def erase(self, subject, held=None):
        return self.rows(subject).delete()[0]


class OrganisationContacts(Source):
    """An OMS profile whose contact address or WhatsApp is the person's: shown, never erased from
    here (the profile is the OMS's; its editors change the contact)."""

    def describe(self, subject, held=None):
        from partners.models import OrganisationPage

        note = _("This is the contact of an organisation's profile: its editors change it.")
        rows = matching(OrganisationPage.objects.all(), subject, phone_field="whatsapp")
        return [core_record(row, ["title", "email", "whatsapp"], created_at=row.first_published_at,
                        source=capfirst(str(OrganisationPage._meta.verbose_name)), note=note, organisation=row.title)
                for row in rows]


class Users(Source):
    """Sign-in accounts (Django's users) with the person's address.

    Erasure deactivates and anonymises the account (so what it links to, enrolments and forum
    posts, stays without naming anyone), removes its second factors and its sign-in attempts;
    a staff account is left alone (``is_staff_account``).
    """

    def rows(self, subject):
        from django.contrib.auth import get_user_model

        if not subject.email:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(email__iexact=subject.email)

    def describe(self, subject, held=None):
        items = []
        for user in self.rows(subject):
            note = _("Staff accounts are handled by the national admin.") if is_staff_account(user) else ""
            item = core_record(user, ["username", "first_name", "last_name", "email", "date_joined", "last_login",
                                  "is_active"], created_at=user.date_joined, source=_("Sign-in account"), note=note)
            items.append(item)
        return items

    def correct(self, subject, changes, held=None):
        email = normalise_email(changes.get("email"))
        name = " ".join((changes.get("name") or "").split())
        count = 0
        for user in self.rows(subject):
            if is_staff_account(user):
                continue
            values = {}
            if email:
                values["email"] = email
            if name:
                values.update(first_name=name[:150], last_name="")
            if values:
                type(user).objects.filter(pk=user.pk).update(**values)
                count += 1
        return count

    def erase(self, subject, held=None):
        count = 0
        usernames = {subject.email} if subject.email else set()
        staff = False
        for user in self.rows(subject):
            if is_staff_account(user):
                staff = True
                continue
            usernames.add(user.get_username())
            self._forget_devices(user)
            user.username = f"terhapus-{user.pk}"
            user.first_name = user.last_name = user.email = ""
            user.is_active = False
            user.set_unusable_password()
            user.save(update_fields=["username", "first_name", "last_name", "email", "is_active", "password"])
            count += 1
        if not staff:
            count += self._forget_attempts(usernames)
        return count

    @staticmethod
    def _forget_devices(user):
        for label in ("otp_totp.TOTPDevice", "otp_static.StaticDevice"):
            try:
                apps.get_model(label).objects.filter(user=user).delete()
            except LookupError:
                pass
        try:
            profile = apps.get_model("wagtailusers.UserProfile").objects.filter(user=user).first()
        except LookupError:
            profile = None
        if profile is not None and getattr(profile, "avatar", None):
            profile.avatar.delete(save=False)
            profile.avatar = ""
            profile.save(update_fields=["avatar"])

    @staticmethod
    def _forget_attempts(usernames):
        """Sign-in attempts (``axes``) made with the address or the account's name."""
        usernames = {name for name in usernames if name}
        if not usernames or not apps.is_installed("axes"):
            return 0
        condition = Q()
        for name in usernames:
            condition |= Q(username__iexact=name)
        count = 0
        for label in ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"):
            try:
                count += apps.get_model(label).objects.filter(condition).delete()[0]
            except LookupError:
                pass
        return count
