"""A Wagtail workflow task whose reviewers come from the page: the moderators of its province's network.

A campaign submitted for launch goes to the moderators of the provincial network of the campaign's
province, and to no one else: not to other provinces' moderators, not to the OMS's editors, not to
superusers (who may still publish directly, as Wagtail lets them, and that is logged).
"""
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, Q
from django.db.models.functions import Cast, Substr
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Task, TaskState

from .provinces import province_of, regional_page_models


class ProvincialModeratorApprovalTask(Task):
    """Approval by the moderators of the page's provincial network (Jejaring Lokadaya Provinsi)."""

    class Meta:
        verbose_name = _("Provincial network approval")
        verbose_name_plural = _("Provincial network approvals")

    @classmethod
    def get_description(cls):
        return _("The moderators of the provincial network of the page's province approve it; no one else can.")

    # -- who -----------------------------------------------------------------------------------

    def reviewers_for(self, obj):
        """The users who may act on ``obj`` in this task (active moderators of its province)."""
        from django.contrib.auth import get_user_model

        from network.models import moderators_for_province

        province = province_of(obj)
        if province is None:
            return get_user_model().objects.none()
        return moderators_for_province(province)

    def is_reviewer(self, obj, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        # Asked several times per request (menus, lock, editor access): remember the answer on the user.
        cache = getattr(user, "_provincial_task_checks", None)
        if cache is None:
            cache = {}
            setattr(user, "_provincial_task_checks", cache)
        key = (self.pk, getattr(obj, "pk", None))
        if key not in cache:
            cache[key] = obj is not None and self.reviewers_for(obj).filter(pk=user.pk).exists()
        return cache[key]

    # -- what they may do ----------------------------------------------------------------------

    def user_can_access_editor(self, obj, user):
        return self.is_reviewer(obj, user)

    def locked_for_user(self, obj, user):
        # While in review, only the reviewers (and superusers, who can unlock anything) edit it.
        return not (user.is_superuser or self.is_reviewer(obj, user))

    def user_can_lock(self, obj, user):
        return self.is_reviewer(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self.is_reviewer(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        # Views check get_actions(); so does any other caller that reaches here.
        if not self.is_reviewer(task_state.workflow_state.content_object, user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """The in-progress states of this task on pages in the provinces ``user`` moderates."""
        if user is None or not user.is_authenticated or not user.is_active:
            return TaskState.objects.none()
        if not user.moderated_networks.exists():
            return TaskState.objects.none()
        models = regional_page_models()
        in_provinces = Q(pk__in=[])
        for model in models:
            ids = (model.objects.filter(regency__province__network__moderators=user)
                   .annotate(key=Cast("pk", output_field=CharField())).values("key"))
            in_provinces |= Q(workflow_state__object_id__in=ids)
            # A page without a place of its own is where its parent (its OMS) is, as province_of() says.
            for parent_model in models:
                parent_paths = parent_model.objects.filter(regency__province__network__moderators=user).values("path")
                orphans = (model.objects.filter(regency__isnull=True)
                           .annotate(parent_path=Substr("path", 1, (F("depth") - 1) * Page.steplen))
                           .filter(parent_path__in=parent_paths)
                           .annotate(key=Cast("pk", output_field=CharField())).values("key"))
                in_provinces |= Q(workflow_state__object_id__in=orphans)
        return self.task_states.filter(
            in_provinces,
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        )
