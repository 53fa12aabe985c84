"""``manage.py twofactor_reset USERNAME``: a user lost their phone and their backup codes.

Removes their devices; at the next sign-in they set up a new authenticator (required roles are sent
to the set-up page, others sign in with their password alone). Run it only after checking who asks.
"""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from twofactor import policy


class Command(BaseCommand):
    help = "Remove a user's two-step verification devices so they set it up again at the next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user {username!r}.") from exc
        policy.remove_devices(user)
        self.stdout.write(self.style.SUCCESS(
            f"Two-step verification removed for {username}; "
            + ("they must set it up again at the next sign-in." if policy.is_required(user)
               else "they may set it up again from their account.")))
