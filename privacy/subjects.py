"""Who a privacy request is about: an email address, a phone number, or both.

Addresses compare lower-cased; phone numbers compare by their national digits, so "0812-3456-7890",
"+62 812 3456 7890" and "6281234567890" are one number. ``matching`` turns a subject into a filter
on any model's email and phone fields, in SQL on PostgreSQL and SQLite alike.
"""
import re
from dataclasses import dataclass

from django.db.models import CharField, Q, Value
from django.db.models.functions import Replace

PHONE_PUNCTUATION = (" ", "-", ".", "(", ")", "+", "/")
MIN_PHONE_DIGITS = 7


def normalise_email(value):
    return (value or "").strip().lower()


def normalise_phone(value):
    """The national significant digits of an Indonesian number ("" when too short to be one)."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("62") and len(digits) > 10:
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


@dataclass(frozen=True)
class Subject:
    """The person a request is about. Build with ``Subject.of(email, phone)``."""

    email: str = ""
    phone: str = ""

    @classmethod
    def of(cls, email="", phone=""):
        return cls(email=normalise_email(email), phone=normalise_phone(phone))

    def __bool__(self):
        return bool(self.email or self.phone)

    @property
    def key(self):
        """A keyed hash standing for the person once their address is gone (``models.subject_hash``)."""
        from .models import subject_hash

        return subject_hash(self.email or f"tel:{self.phone}")

    @property
    def masked(self):
        """"b•••@example.org" / "•••••7890": enough for staff to tell requests apart, not to reach anyone."""
        if self.email:
            local, _, domain = self.email.partition("@")
            return f"{local[:1]}•••@{domain}"
        return "•••••" + self.phone[-4:]


def phone_variants(subject):
    """The stored digit strings that are this subject's number ("+62 (0)812...": "620" too)."""
    if not subject.phone:
        return []
    return [subject.phone, "0" + subject.phone, "62" + subject.phone, "620" + subject.phone]


def phone_digits(field):
    """An expression: ``field`` with the usual punctuation of phone numbers removed."""
    expression = field
    for character in PHONE_PUNCTUATION:
        expression = Replace(expression, Value(character), Value(""), output_field=CharField())
    return expression


def matching(queryset, subject, email_field="email", phone_field="phone"):
    """The rows of ``queryset`` whose ``email_field`` is the subject's address or whose ``phone_field``
    is their number (either field may be None when the model has no such field)."""
    condition = Q()
    if subject.email and email_field:
        condition |= Q(**{f"{email_field}__iexact": subject.email})
    if subject.phone and phone_field:
        alias = f"_privacy_{phone_field.replace('__', '_')}_digits"
        queryset = queryset.alias(**{alias: phone_digits(phone_field)})
        condition |= Q(**{f"{alias}__in": phone_variants(subject)})
    if not condition:
        return queryset.none()
    return queryset.filter(condition)
