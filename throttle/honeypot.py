"""The honeypot: a text field on every public form that people never see and bots fill in.

It is hidden with the ``hidden`` attribute (no CSS needed, so a strict Content-Security-Policy does
not matter) and ``aria-hidden``, so neither sighted people nor screen readers meet it, and it is out
of the tab order. A POST with it filled is refused quietly by ``throttle.middleware``: the visitor
is sent back to the page as if nothing happened, and nothing is stored or sent.
"""
from django.utils.html import format_html
from django.utils.translation import gettext

#: A name a form-filling bot finds tempting and no real form of ours uses.
FIELD = "homepage_url"


def markup():
    return format_html(
        '<div hidden aria-hidden="true"><label>{} <input type="text" name="{}" value="" tabindex="-1" '
        'autocomplete="off"></label></div>', gettext("Leave this field empty"), FIELD)
