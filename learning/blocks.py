"""The blocks a lesson is made of (rich text, pictures, videos on click, materials, quizzes, packages)."""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class LessonBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Text"))

    class Meta:
        label = _("Lesson content")
