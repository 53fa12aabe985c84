"""Indonesian for strings of Wagtail and django-payments that their own catalogues leave untranslated,
and one fixed Indonesian for the form errors Django REST framework and Django word differently (any
app's catalogue, DRF's included, goes before Django's own).

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
    # Form errors that Django REST framework's catalogue words differently from Django's: the site
    # keeps one wording, whatever either package's next release says.
    gettext_noop('Enter a valid URL.'),
    gettext_noop('Enter a valid email address.'),
    gettext_noop('No file was submitted.'),
    gettext_noop('The submitted file is empty.'),
    gettext_noop('This field is required.'),
    gettext_noop('Value must be valid JSON.'),
)
