"""Forms of the forums' members pages: a new thread, a reply, an edit.

They only clean what was typed; ``forums.posting`` checks permissions, files and limits.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Post, Thread
from .posting import MAX_FILE_SIZE, MAX_FILES, TYPES

ACCEPT = ",".join(sorted(TYPES))
BODY_HELP = _("**bold**, *italics*, lists with -, > quotes, `code`; links become clickable; "
              "@name tells a member.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one input; the checks of each file are ``forums.posting``'s."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(FilesField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _files_field():
    return FilesField(label=_("Attachments"), required=False,
                      widget=MultipleFileInput(attrs={"accept": ACCEPT}),
                      help_text=_("Up to %(count)d files of at most %(mb)d MB each: pictures (JPEG, PNG, WebP, "
                                  "GIF), PDF, office documents, text or CSV.")
                      % {"count": MAX_FILES, "mb": MAX_FILE_SIZE // (1024 * 1024)})


def _body_field(label, mention_url=None, rows=6):
    attrs = {"rows": rows, "class": "forum-editor"}
    if mention_url:
        attrs["data-mention-url"] = mention_url
    return forms.CharField(label=label, max_length=Post._meta.get_field("body").max_length,
                           widget=forms.Textarea(attrs=attrs), help_text=BODY_HELP, strip=False)


class ThreadForm(forms.Form):
    kind = forms.ChoiceField(label=_("This is"), choices=Thread.Kind.choices, initial=Thread.Kind.QUESTION,
                             widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=Thread._meta.get_field("title").max_length)

    def __init__(self, *args, mention_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"] = _body_field(_("Message"), mention_url, rows=8)
        self.fields["files"] = _files_field()


class ReplyForm(forms.Form):
    def __init__(self, *args, mention_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"] = _body_field(_("Your reply"), mention_url, rows=5)
        self.fields["files"] = _files_field()


class EditForm(forms.Form):
    def __init__(self, *args, mention_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"] = _body_field(_("Text"), mention_url, rows=8)
