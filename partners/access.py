"""An OMS's editors: their group, its page permissions and its own image/document collection.

``grant_editor_access`` runs when an OMS is verified. It gives the OMS a group whose page
permissions sit on the OMS's profile page (so they cover its campaigns and stories and nothing
else) and a collection of its own for images and documents. It is safe to run again.
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
)
GROUP_NAME_MAX = 150


def _group_name(organisation):
    suffix = f" (#{organisation.pk})"
    return f"Editor {organisation.title}"[: GROUP_NAME_MAX - len(suffix)] + suffix


def source_of(organisation):
    """The OMS page in the default language: access and verification always point there."""
    default = Locale.get_default()
    if organisation.locale_id == default.id:
        return organisation
    return (organisation.get_translation_or_none(default) or organisation).specific


def _collections_root():
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name="Mitra").first()
    if parent is None:
        parent = root.add_child(name="Mitra")
    return parent


@transaction.atomic
def grant_editor_access(organisation, editors=()):
    """The OMS's ``OrganisationAccess`` (created once), with ``editors`` added to its group."""
    from .models import OrganisationAccess

    organisation = source_of(organisation)
    access = OrganisationAccess.objects.select_for_update().filter(organisation=organisation).first()
    if access is None:
        group = Group.objects.create(name=_group_name(organisation))
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                     codename="access_admin"))
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.create(group=group, page=organisation, permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename))
        collection = _collections_root().add_child(name=f"{organisation.title} (#{organisation.pk})"[:255])
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.create(
                group=group, collection=collection,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=codename))
        access = OrganisationAccess.objects.create(organisation=organisation, group=group, collection=collection)
    for user in editors:
        if user is not None:
            user.groups.add(access.group)
    return access


def access_for(organisation):
    from .models import OrganisationAccess

    return (OrganisationAccess.objects.select_related("group", "collection")
            .filter(organisation__translation_key=organisation.translation_key).first())


def editors_of(organisation):
    """The users in the OMS's editor group (none before it is verified)."""
    access = access_for(organisation)
    if access is None:
        return get_user_model().objects.none()
    return access.group.user_set.order_by("email", "username")


def accesses_of(user):
    """The ``OrganisationAccess`` rows of the OMS whose editor group ``user`` is in."""
    from .models import OrganisationAccess

    if not user.is_authenticated:
        return OrganisationAccess.objects.none()
    return OrganisationAccess.objects.filter(group__user=user).select_related("organisation", "collection")


def is_oms_editor(user):
    return user.is_authenticated and not user.is_superuser and accesses_of(user).exists()


def may_manage_editors(user, organisation):
    """OMS editors manage their own OMS's editors; national admins manage everyone's."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    access = access_for(organisation)
    return access is not None and user.groups.filter(pk=access.group_id).exists()


def notification_emails(organisation):
    """Where to tell an OMS about its verification: its editors, its first editor, its own address."""
    addresses = []
    owner = getattr(organisation, "owner", None)
    if owner is not None and owner.email:
        addresses.append(owner.email)
    addresses += [u.email for u in editors_of(organisation) if u.email and u.is_active]
    seen, unique = set(), []
    for address in addresses:
        if address.lower() not in seen:
            seen.add(address.lower())
            unique.append(address)
    return unique
