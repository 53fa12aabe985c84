"""The permission policy of an OMS's profile page: it stays where it is, and live, unless a national admin acts.

An OMS editor holds add/change/publish on their OMS's profile page, which covers the campaigns and
stories below it. Wagtail's tester would also let them delete, move or unpublish the profile page
itself (a leaf profile, or with publish rights), and every door asks the tester: the admin's
views, the admin API's ``action/delete|move|unpublish/``, bulk actions and Wagtail's page actions.

Invariant: for an ``OrganisationPage``, ``can_delete``, ``can_move`` and ``can_unpublish`` are
False for everyone but superusers; every other answer is Wagtail's. The profile's subpages are
untouched (their tester is Wagtail's own).
"""
from wagtail.models import PagePermissionTester


class OrganisationPagePermissionTester(PagePermissionTester):
    def can_delete(self, ignore_bulk=False):
        return self.user.is_superuser and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        return self.user.is_superuser and super().can_move()

    def can_unpublish(self):
        return self.user.is_superuser and super().can_unpublish()
