"""Wagtail's document form with the site's content check (``WAGTAILDOCS_DOCUMENT_FORM_BASE``).

Every document upload of the admin goes through this form: the add and edit views, the multiple
uploader and the chooser's upload tab (Wagtail builds all of them from the base form), and so
every OMS's annual reports and transparency documents. ``lokadaya.uploads.check_document`` says
what is refused and why; a refusal is a form error, so the title, collection and tags typed in
stay on the form and nothing is saved.
"""
from wagtail.documents.forms import BaseDocumentForm

from .uploads import check_document


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        # Only a newly uploaded file is checked; editing a document's title keeps its stored file.
        if uploaded and "file" in self.changed_data:
            check_document(uploaded)
        return uploaded
