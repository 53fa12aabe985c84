"""Admin wiring: packages are a snippet (Snippets → E-learning packages) for the training team.

Wagtail's model permissions decide (``elearning.add_package``/``change_package``/``delete_package``/
``view_package``, given to the training team's group by migration); the upload form is
``forms.PackageForm``.
"""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import PackageForm
from .models import Package


class PackageViewSet(SnippetViewSet):
    model = Package
    icon = "media"
    menu_label = _("E-learning packages")
    add_to_admin_menu = False
    list_display = ["title", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    edit_handler = ObjectList([FieldPanel("title"), FieldPanel("file")], base_form_class=PackageForm)


register_snippet(PackageViewSet)
