"""Who organises which event: the one rule the page editor, the page tester and the attendance admin ask.

Invariants:
- An event belongs to its organiser: a provincial network (``EventPage.province``) or the national
  team (no province). It is organised by the moderators of that province's network and by national
  staff (``dashboards.scope.is_national_staff``); superusers count as national staff.
- A moderator creates, edits, publishes and deletes events of their own provinces only: the page
  form offers only those provinces and refuses any other (``EventPageForm``), and the page permission
  tester (``EventPagePermissionTester``) withholds every editing right on another organiser's event.
  A national event (no province) is organised by national staff only.
- The registrations of an event (names, emails, attendance) are seen and changed only by its
  organisers; anyone else asking an attendance URL gets a 404 (``event_or_404``).
- A registrant sees their own registration only, through its signed personal key (``registrations``).
- Events and registrations are always their source-language (Indonesian) pages.
"""
from django.http import Http404
from wagtail.models import PagePermissionTester


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def is_national(user):
    from dashboards.scope import is_national_staff

    return _active(user) and (user.is_superuser or is_national_staff(user))


def organiser_provinces(user):
    """The provinces whose events ``user`` organises (all of them for national staff)."""
    from dashboards.scope import visible_provinces

    return visible_provinces(user)


def can_organise(user, event):
    """Whether ``user`` organises ``event`` (any language version; its province is synchronised)."""
    if not _active(user):
        return False
    if is_national(user):
        return True
    return event.province_id is not None and organiser_provinces(user).filter(pk=event.province_id).exists()


def organised_events(user):
    """The source-language events ``user`` organises."""
    from wagtail.models import Locale

    from .models import EventPage

    events = EventPage.objects.filter(locale=Locale.get_default())
    if not _active(user):
        return events.none()
    if is_national(user):
        return events
    return events.filter(province__in=organiser_provinces(user))


def event_or_404(user, page_id):
    """The source event ``page_id`` if ``user`` organises it; a 404 otherwise, whatever the reason."""
    event = organised_events(user).select_related("province").filter(pk=page_id).first()
    if event is None:
        raise Http404
    return event


class EventPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, and none of the editing ones on an event the user does not organise."""

    def _organises(self):
        return self.user.is_superuser or can_organise(self.user, self.page)

    def can_edit(self):
        return self._organises() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._organises() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self._organises() and super().can_unpublish()

    def can_publish(self):
        return self._organises() and super().can_publish()

    def can_move(self):
        return self._organises() and super().can_move()

    def can_copy(self):
        return self._organises() and super().can_copy()

    def can_lock(self):
        return self._organises() and super().can_lock()


class EventIndexPermissionTester(PagePermissionTester):
    """Moderators add events below the index; only national staff change the index page itself."""

    def _national(self):
        return self.user.is_superuser or is_national(self.user)

    def can_edit(self):
        return self._national() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._national() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self._national() and super().can_unpublish()

    def can_publish(self):
        return self._national() and super().can_publish()

    def can_move(self):
        return self._national() and super().can_move()
