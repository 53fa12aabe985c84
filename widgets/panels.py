"""The campaign editor's "Embed on your website" panel: the one-line script and the plain iframe
of the campaign's card, in Indonesian or English, each with a copy button, and a preview link.

Who sees it: whoever may open the campaign's edit view (Wagtail's page permissions; an OMS's
editors only reach their own OMS's pages, ``tenancy/``). It shows only public addresses and code,
nothing another visitor could not read off the card itself.
"""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from . import embedding


class EmbedCodePanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Embed on your website"))
        kwargs.setdefault("classname", "collapsed")
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return "embed_code"

    class BoundPanel(Panel.BoundPanel):
        template_name = "widgets/admin/embed_code_panel.html"

        class Media:
            js = ("widgets/admin/embed-code.js",)

        def get_context_data(self, parent_context=None):
            from django.conf import settings

            context = super().get_context_data(parent_context)
            page = self.instance
            saved = page is not None and page.pk is not None
            codes = []
            if saved:
                own = page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE
                for code, name in settings.LANGUAGES:
                    src = embedding.card_url(page.pk, code, self.request)
                    codes.append({
                        "code": code, "name": name, "checked": code == own, "preview_url": src,
                        "script": embedding.script_html(code, campaign=page.pk, request=self.request),
                        "iframe": embedding.iframe_html(src, page.title),
                    })
            context.update(saved=saved, live=saved and page.live, codes=codes)
            return context
