"""The blocks a lesson is made of (rich text, pictures, videos on click, materials, quizzes, packages).

Block ids are what progress keeps: a quiz attempt names its quiz block's id, a question and a choice
are named by their list item ids, and the reading position by a block id. wagtail-localize keeps
those ids in translations, so a learner's records hold in every language.
"""
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from elearning.blocks import PackageBlock
from lokadaya.video import player_url

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]

class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), max_length=250, required=False)
    alt_text = blocks.CharBlock(label=_("alternative text"), max_length=250, required=False,
                                help_text=_("What the image shows, for people who cannot see it."))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "learning/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video that loads only when asked (a light facade until then; lokadaya/video.py)."""

    url = blocks.URLBlock(label=_("video address"), help_text=_("A YouTube or Vimeo address."))
    title = blocks.CharBlock(label=_("title"), max_length=150)
    duration = blocks.CharBlock(label=_("duration"), max_length=20, required=False, help_text=_("E.g. 6:30."))
    poster = ImageChooserBlock(label=_("picture shown before playing"), required=False)
    transcript = blocks.TextBlock(label=_("summary or transcript"), required=False,
                                  help_text=_("For learners who cannot watch or hear the video."))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "learning/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if player_url(value.get("url")) is None:
            raise StructBlockValidationError(block_errors={"url": ValidationError(
                _("Enter the address of a YouTube or Vimeo video."))})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["player_url"] = player_url(value.get("url"))
        return context


class MaterialBlock(blocks.StructBlock):
    """A file to download: a worksheet, a template, a handout."""

    document = DocumentChooserBlock(label=_("file"))
    title = blocks.CharBlock(label=_("title"), max_length=150, required=False,
                             help_text=_("Leave empty to use the file's title."))
    description = blocks.TextBlock(label=_("what it is for"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Material to download")
        template = "learning/blocks/material.html"


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"), max_length=300)
    correct = blocks.BooleanBlock(label=_("correct"), required=False)

    class Meta:
        icon = "radio-full"
        label = _("Choice")


class QuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("question"))
    choices = blocks.ListBlock(ChoiceBlock(), label=_("choices"), min_num=2)
    explanation = blocks.TextBlock(label=_("explanation"), required=False,
                                   help_text=_("Shown after the learner answers: why the right answer is right."))

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            raise StructBlockValidationError(block_errors={"choices": ValidationError(
                _("Mark at least one choice as correct."))})
        return value


class QuizBlock(blocks.StructBlock):
    """Questions graded on the server; the lesson completes once the quiz is passed."""

    title = blocks.CharBlock(label=_("title"), max_length=150, default=_("Check your understanding"))
    questions = blocks.ListBlock(QuestionBlock(), label=_("questions"), min_num=1)
    pass_mark = blocks.IntegerBlock(label=_("pass mark (%)"), min_value=0, max_value=100, default=70)

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = "learning/blocks/quiz.html"


class LessonBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES)
    image = ImageBlock()
    video = VideoBlock()
    material = MaterialBlock()
    quiz = QuizBlock()
    package = PackageBlock()

    class Meta:
        label = _("Lesson content")


def quiz_blocks(body):
    """The quiz blocks of a lesson body: [(block id, value)]."""
    return [(block.id, block.value) for block in body if block.block_type == "quiz"]


class Quiz:
    """A quiz block's current definition, by ids: what grading checks answers against."""

    def __init__(self, block_id, value):
        self.block_id, self.value = block_id, value

    @cached_property
    def questions(self):
        """[(question id, question value, [(choice id, choice value)])] in order."""
        result = []
        for question in self.value["questions"].bound_blocks:
            choices = [(choice.id, choice.value) for choice in question.value["choices"].bound_blocks]
            result.append((question.id, question.value, choices))
        return result

    @property
    def pass_mark(self):
        return self.value["pass_mark"]
