"""Pages may use only the images and documents their editor may choose.

Invariant: when a signed-in user who is not a superuser saves a page through a form (Wagtail's
page forms call ``full_clean``), every image or document the page refers to (its own fields, its
StreamFields, its inline children) is either one the user may choose (``partners.files``) or one
the page already referred to before this edit. Without it, an editor could type another OMS's image
or document id into a page form, see its title in their editor and show it on their page.

Files placed earlier by someone else (a national admin's photo on an OMS page) stay, so an editor's
next save does not fail on them.

Inline children (an OMS's gallery photos and team members, any ``InlinePanel``) are checked by the
page's admin form: Django cleans the page before the inline formsets are attached to it, so the
page's ``clean()`` cannot see them there (Wagtail's ``save_revision`` would then refuse them with a
server error). ``OwnFilesOnlyPage`` wraps each subclass's ``base_form_class`` in
``OwnFilesOnlyFormMixin``, which checks the formsets' objects once they are valid and refuses the
form with the same message.

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


def _file_models():
    """``{content type id: the files a user may choose}`` for images and documents."""
    from partners.files import visible_documents, visible_images

    return {ContentType.objects.get_for_model(get_image_model()).pk: visible_images,
            ContentType.objects.get_for_model(get_document_model()).pk: visible_documents}


def refused_file_references(page, user, children=()):
    """The ``(content type id, object id)`` of files ``page`` newly uses that ``user`` may not choose.

    ``children``: objects of the page's inline formsets that are not attached to ``page`` yet.
    """
    if user is None or user.is_superuser:
        return set()
    models = _file_models()
    found = _file_references(page, models)
    for child in children:
        found |= _file_references(child, models)
    new = found - _previous_references(page, models)
    refused = set()
    for content_type_id, visible in models.items():
        ids = {object_id for ct, object_id in new if ct == content_type_id}
        if ids:
            allowed = {str(pk) for pk in visible(user).filter(pk__in=ids).values_list("pk", flat=True)}
            refused |= {(content_type_id, object_id) for object_id in ids - allowed}
    return refused


REFUSED_MESSAGE = _("An image or document chosen here is not one you may use. Choose it again "
                    "from your own collection.")


def _inline_objects(form):
    """The objects of ``form``'s inline formsets (nested ones too) that are kept, as they were cleaned."""
    for formset in getattr(form, "formsets", {}).values():
        deleted = set(formset.deleted_forms) if formset.can_delete else set()
        for child_form in formset.forms:
            if child_form in deleted or not child_form.has_changed() and child_form.instance.pk is None:
                continue
            yield child_form.instance
            yield from _inline_objects(child_form)


class OwnFilesOnlyFormMixin:
    """For a page's admin form: refuse files the editor may not choose in its inline children too."""

    def is_valid(self):
        if not super().is_valid():
            return False
        from editorial.gate import acting_user

        user = getattr(self, "for_user", None) or acting_user()
        children = list(_inline_objects(self))
        if children and refused_file_references(self.instance, user, children):
            # Names nothing: the id may be another tenant's.
            self.add_error(None, REFUSED_MESSAGE)
            return False
        return True


class OwnFilesOnlyPage:
    """Mixin for page types OMS editors edit: ``clean()`` refuses files the editor may not choose.

    Each subclass's admin form (``base_form_class``) also checks the inline children.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        from wagtail.admin.forms import WagtailAdminPageForm

        base = cls.__dict__.get("base_form_class") or getattr(cls, "base_form_class", None) or WagtailAdminPageForm
        if not issubclass(base, OwnFilesOnlyFormMixin):
            cls.base_form_class = type(base.__name__, (OwnFilesOnlyFormMixin, base), {
                "__module__": base.__module__, "__doc__": base.__doc__})

    def clean(self):
        super().clean()
        from editorial.gate import acting_user

        if refused_file_references(self, acting_user()):
            raise ValidationError(REFUSED_MESSAGE)
