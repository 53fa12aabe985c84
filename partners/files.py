"""Images and documents, tenant by tenant: who sees which file, and which documents the public may download.

Every OMS keeps its files in its own collection (``Mitra / <OMS> (#id)``, made by
``partners.access.grant_editor_access``); communications staff keep theirs in the "Komunikasi"
collection. Roles are Wagtail collection permissions (docs/roles.md), and this module is the one place
that turns them into answers for the surfaces Wagtail does not filter by itself: the admin API's image
and document endpoints, the choosers and the document download URL (``partners/wagtail_hooks.py``
wires them).

Invariants:

- A user lists, chooses, finds in the admin API or downloads privately an image or document only
  when Wagtail's permission policy gives them "choose" or "change" on it (its collection, or an
  upload of their own in a collection where they may add). Superusers see everything.
- An OMS editor never sees another OMS's files, whatever else a group grants: files in another
  OMS's collection are taken out for anyone who is an editor of an OMS (national admins excepted).
- A document is downloadable by anyone, signed in or not, only while a live page outside every
  private section references it (Wagtail's reference index: profile transparency documents,
  rich-text links, document blocks). A document in an OMS's collection becomes public only through
  that OMS's own pages (its profile and what lies below it, in any language), so no page of another
  tenant, by naming the id, can publish it. Everyone else gets a 404, as if it did not exist.
- The download check costs two queries (who owns the collection; is a live public page referencing
  it), plus one or two for the permission check of a signed-in user.

The rule reads Wagtail's reference index. Wagtail updates it through the task worker after each
save; ``reindex_published_page`` (connected to ``page_published`` in ``partners.apps``) also rebuilds
a page's references as soon as it is published, so what is public follows each publication at once.
"""
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast, Length, Substr
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageViewRestriction, ReferenceIndex
from wagtail.permissions import policy_registry

#: What "seeing" a file means: the actions that make it appear in a listing, chooser or the admin API.
SEE_ACTIONS = ["choose", "change"]

#: Communications staff's own collection (``partners/migrations/0005_communications_files.py``): they
#: add, change and choose images and documents there, and only choose images everywhere else.
COMMUNICATIONS_COLLECTION = "Komunikasi"


def image_policy():
    return policy_registry.get_by_type(get_image_model())


def document_policy():
    return policy_registry.get_by_type(get_document_model())


# -- which collections -----------------------------------------------------------------------------


def own_oms_collection_ids(user):
    """The collections of the OMS ``user`` edits, with their sub-collections."""
    from .access import accesses_of

    ids = set()
    for access in accesses_of(user):
        ids.update(Collection.objects.descendant_of(access.collection, inclusive=True).values_list("pk", flat=True))
    return ids


def foreign_oms_collections(user):
    """The collections (sub-collections included) of every OMS ``user`` is not an editor of.

    Empty for users who edit no OMS (national admins, communications staff): for them the
    collection permissions alone decide.
    """
    from .access import is_oms_editor
    from .models import OrganisationAccess

    if not is_oms_editor(user):
        return Collection.objects.none()
    own = own_oms_collection_ids(user)
    oms_roots = (OrganisationAccess.objects.exclude(collection_id__in=own)
                 .filter(collection__path=Substr(OuterRef("path"), 1, Length("collection__path"))))
    return Collection.objects.filter(Exists(oms_roots))


# -- which files -------------------------------------------------------------------------------------


def _visible(policy, queryset, user):
    if user.is_active and user.is_superuser:
        return queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    allowed = policy.instances_user_has_any_permission_for(user, SEE_ACTIONS).values("pk")
    return queryset.filter(pk__in=allowed).exclude(collection__in=foreign_oms_collections(user))


def visible_images(user, queryset=None):
    """The images ``user`` may list or choose (of ``queryset``, by default all)."""
    return _visible(image_policy(), get_image_model().objects.all() if queryset is None else queryset, user)


def visible_documents(user, queryset=None):
    """The documents ``user`` may list, choose or download privately (of ``queryset``, by default all)."""
    return _visible(document_policy(), get_document_model().objects.all() if queryset is None else queryset, user)


def may_see_document(user, document):
    """Whether ``user`` has a collection permission that shows them ``document`` (no public test)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not document_policy().user_has_any_permission_for_instance(user, SEE_ACTIONS, document):
        return False
    return not foreign_oms_collections(user).filter(pk=document.collection_id).exists()


# -- which documents are public --------------------------------------------------------------------


def _owner_translation_key(document):
    """The translation key of the OMS whose collection holds ``document``, or None (one query)."""
    from .models import OrganisationAccess

    collection_path = Subquery(Collection.objects.filter(pk=document.collection_id).values("path")[:1])
    return (OrganisationAccess.objects
            .filter(collection__path=Substr(collection_path, 1, Length("collection__path")))
            .values_list("organisation__translation_key", flat=True).first())


def public_pages_referencing(document, owner_translation_key=None):
    """The live pages outside private sections that reference ``document`` (in the reference index).

    With ``owner_translation_key``, only pages within that OMS's subtree, in any of its languages.
    """
    # Driven from the document's few reference rows (indexed by target), then pages by primary key.
    referencing_ids = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        to_object_id=str(document.pk),
        base_content_type=ContentType.objects.get_for_model(Page),
    ).annotate(page_id=Cast("object_id", output_field=IntegerField())).values("page_id")
    # A restriction on the page or on any ancestor: its path is a prefix of the page's path.
    restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    pages = Page.objects.filter(live=True, pk__in=referencing_ids).exclude(Exists(restricted))
    if owner_translation_key is not None:
        owner_pages = Page.objects.filter(translation_key=owner_translation_key,
                                          path=Substr(OuterRef("path"), 1, Length("path")))
        pages = pages.filter(Exists(owner_pages))
    return pages


def document_is_public(document):
    """Whether anyone may download ``document``: a live public page of its owner references it."""
    return public_pages_referencing(document, _owner_translation_key(document)).exists()


def may_download(user, document):
    """The download rule (see the module docstring): public, or visible to ``user``."""
    return may_see_document(user, document) or document_is_public(document)


def reindex_published_page(sender, instance, **kwargs):
    """Rebuild a just-published page's references at once (connected to ``page_published``).

    Wagtail re-indexes a page from its ``post_save``, which fires before the page's child rows
    (an OMS's transparency documents) are written; the task worker, running after the commit, sees
    the final state, but until it runs a document taken off a profile would still count as public.
    Indexing again once the publication is complete makes the download rule exact from that moment.
    """
    ReferenceIndex.create_or_update_for_object(instance)
