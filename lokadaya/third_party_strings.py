"""Indonesian for strings of Wagtail and django-payments that their own catalogues leave untranslated.

Nothing calls these: they are marked here so that ``manage.py translations`` keeps them in
``lokadaya/locale`` (which ``LOCALE_PATHS`` puts before every app's catalogue), and the admin an
OMS uses reads Indonesian where Wagtail's Indonesian catalogue has a gap.
"""
from django.utils.translation import gettext_noop

THIRD_PARTY_STRINGS = (
    gettext_noop('title tag'),
    gettext_noop('meta description'),
    gettext_noop('The name of the page displayed on search engine results as the clickable headline.'),
    gettext_noop('The descriptive text displayed underneath a headline in search engine results.'),
    gettext_noop('live revision'),
    gettext_noop('latest revision'),
    gettext_noop('locale'),
    gettext_noop('Waiting for confirmation'),
    gettext_noop('Pre-authorized'),
    gettext_noop('Confirmed'),
    gettext_noop('Rejected'),
    gettext_noop('Refunded'),
    gettext_noop('Error'),
    gettext_noop('Input'),
    gettext_noop('Cancelled'),
    gettext_noop('Unknown'),
    gettext_noop('Passed'),
    gettext_noop('Review'),
    gettext_noop('fraud check'),
)
