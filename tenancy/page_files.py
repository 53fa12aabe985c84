"""Pages may use only the images and documents their editor may choose.

Invariant: when a signed-in user who is not a superuser saves a page through a form (Wagtail's
page forms call ``full_clean``), every image or document the page refers to (its own fields, its
StreamFields, its inline children) is either one the user may choose (``partners.files``) or one
the page already referred to before this edit. Without it, an editor could type another OMS's image
or document id into a page form, see its title in their editor and show it on their page.

Files placed earlier by someone else (a national admin's photo on an OMS page) stay, so an editor's
next save does not fail on them.

Not covered yet: the refused form is drawn again from what was posted, so Wagtail's chooser widget
shows the title of the id the editor typed. Nothing is saved or shown on a page.
"""
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex


def _file_references(obj, content_types):
    """``{(content type id, object id)}`` of the images and documents ``obj`` refers to, in memory."""
    return {(ct, str(object_id)) for ct, object_id, _model_path, _content_path
            in ReferenceIndex._extract_references_from_object(obj) if ct in content_types}


def _previous_references(page, content_types):
    """What the page referred to before this edit: its saved row and its latest revision."""
    if page.pk is None:
        return set()
    saved = type(page).objects.filter(pk=page.pk).first()
    if saved is None:
        return set()
    found = _file_references(saved, content_types)
    draft = saved.get_latest_revision_as_object()
    if draft is not None:
        found |= _file_references(draft, content_types)
    return found


def refused_file_references(page, user):
    """The ``(content type id, object id)`` of files ``page`` newly uses that ``user`` may not choose."""
    from partners.files import visible_documents, visible_images

    if user is None or user.is_superuser:
        return set()
    models = {ContentType.objects.get_for_model(get_image_model()).pk: visible_images,
              ContentType.objects.get_for_model(get_document_model()).pk: visible_documents}
    new = _file_references(page, models) - _previous_references(page, models)
    refused = set()
    for content_type_id, visible in models.items():
        ids = {object_id for ct, object_id in new if ct == content_type_id}
        if ids:
            allowed = {str(pk) for pk in visible(user).filter(pk__in=ids).values_list("pk", flat=True)}
            refused |= {(content_type_id, object_id) for object_id in ids - allowed}
    return refused


class OwnFilesOnlyPage:
    """Mixin for page types OMS editors edit: ``clean()`` refuses files the editor may not choose."""

    def clean(self):
        super().clean()
        from editorial.gate import acting_user

        if refused_file_references(self, acting_user()):
            # Names nothing: the id may be another tenant's.
            raise ValidationError(_("An image or document chosen here is not one you may use. Choose it again "
                                    "from your own collection."))
