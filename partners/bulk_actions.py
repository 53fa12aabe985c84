"""Bulk actions that do not name what the user may not touch.

Wagtail's bulk action views list the items the user has no permission for, by title: given the
ids of another OMS's drafts, images or documents, they would reveal their titles. These subclasses
drop those items for everyone but superusers; the action itself already skipped them.
"""
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction as PageDelete
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction as PageMove
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction as PagePublish
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction as PageUnpublish
from wagtail.documents.views.bulk_actions.add_tags import AddTagsBulkAction as DocumentAddTags
from wagtail.documents.views.bulk_actions.add_to_collection import AddToCollectionBulkAction as DocumentToCollection
from wagtail.documents.views.bulk_actions.delete import DeleteBulkAction as DocumentDelete
from wagtail.images.views.bulk_actions.add_tags import AddTagsBulkAction as ImageAddTags
from wagtail.images.views.bulk_actions.add_to_collection import AddToCollectionBulkAction as ImageToCollection
from wagtail.images.views.bulk_actions.delete import DeleteBulkAction as ImageDelete


class HideItemsWithoutAccess:
    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        if not self.request.user.is_superuser:
            extra = {**extra, "items_with_no_access": []}
        return objects, extra


def _quiet(base):
    return type(f"Quiet{base.__name__}", (HideItemsWithoutAccess, base), {"__module__": __name__})


BULK_ACTIONS = [_quiet(base) for base in (
    PageDelete, PageMove, PagePublish, PageUnpublish,
    ImageAddTags, ImageToCollection, ImageDelete,
    DocumentAddTags, DocumentToCollection, DocumentDelete,
)]
