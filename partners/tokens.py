"""One-time links: confirm the first editor's email, accept an invitation to edit an OMS.

Both are Django's password-reset tokens with their own salt: they expire after
``PASSWORD_RESET_TIMEOUT`` and stop working once used (the hash covers ``is_active`` and the password).
"""
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "partners.tokens.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{timestamp}{user.email}"


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "partners.tokens.InvitationTokenGenerator"


email_confirmation = EmailConfirmationTokenGenerator()
invitation = InvitationTokenGenerator()


def encode_uid(user):
    return urlsafe_base64_encode(force_bytes(user.pk))


def user_from_uid(uidb64):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        return User.objects.get(pk=int(pk))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
