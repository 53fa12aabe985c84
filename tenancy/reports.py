"""Wagtail's workflow reports, narrowed to what the user may edit.

The report rows already are (Wagtail lists the workflow states of pages the user may change), but
the "Requested by" filter offers every user who ever submitted anything for review, on any OMS's
pages: another OMS's editors' usernames and emails, to any editor.

Invariant: a non-superuser's "Requested by" choices are the requesters of the very rows the report
may show them (workflow states of pages they may change, or of snippets they may edit).
"""
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.views.reports import workflows as workflow_reports
from wagtail.models import WorkflowState, get_default_page_content_type


def requested_by_choices(request):
    """Users who requested a workflow the report may show ``request.user``."""
    User = get_user_model()
    if request is None or not request.user.is_authenticated:
        return User.objects.none()
    if request.user.is_superuser:
        return workflow_reports.get_requested_by_queryset(request)
    visible = WorkflowState.objects.filter(
        Q(base_content_type_id=get_default_page_content_type().id,
          object_id__in=workflow_reports.get_editable_page_ids_query(request))
        | Q(content_type_id__in=workflow_reports.get_editable_content_type_ids(request))
    )
    return User.objects.filter(pk__in=visible.values("requested_by")).order_by(User.USERNAME_FIELD)


def narrow_workflow_report_filters():
    """Point the report's "Requested by" filter at ``requested_by_choices`` (run once, at start-up).

    django-filter calls a callable ``queryset`` with the request for each form it builds; the
    filter set copies ``base_filters`` per request, so changing it here changes every report.
    """
    workflow_reports.WorkflowReportFilterSet.base_filters["requested_by"].queryset = requested_by_choices
