"""``{% donor_account_url %}``: the absolute address of the donor account, in the active language
(for emails, which are rendered in the recipient's language)."""
from django import template
from django.urls import reverse

from campaigns.notifications import absolute_url

register = template.Library()


@register.simple_tag
def donor_account_url():
    return absolute_url(reverse("donors:account"))
