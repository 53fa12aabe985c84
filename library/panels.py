"""The campaign editor's collapsible guide panel: the steps of the library's flagged guide.

Hidden (``is_shown`` False) when no guide is flagged, so the campaign editor works without one.
"""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class InitiativeGuidePanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Guide: six steps to formulating a local service initiative"))
        kwargs.setdefault("classname", "collapsed")
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return "initiative_guide"

    class BoundPanel(Panel.BoundPanel):
        template_name = "library/admin/initiative_guide_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            from .guide import campaign_editor_guide

            self.guide = campaign_editor_guide()
            if self.guide is not None:
                self.heading = self.guide.title

        def is_shown(self):
            return self.guide is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(guide=self.guide, steps=self.guide.steps() if self.guide else [])
            return context
