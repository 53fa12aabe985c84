"""The blocks of a story: its rich body, its evidence (indicators) and the people's voices.

Numbers (before/after figures) and images are not text, so wagtail-localize keeps them the same in
every language; captions, labels, units and quotes are translated.
"""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), max_length=250, required=False)
    credit = blocks.CharBlock(label=_("credit"), max_length=120, required=False,
                              help_text=_("Who took the photo, e.g. Budi / Yayasan Terang Desa."))
    alt_text = blocks.CharBlock(label=_("alternative text"), max_length=250, required=False,
                                help_text=_("What the image shows, for people who cannot see it."))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "stories/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("who said it"), max_length=150, required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "stories/blocks/quote.html"


class FigureBlock(blocks.StructBlock):
    """A figure highlight: one number that tells the change, e.g. "2 ton" of waste sorted each month."""

    figure = blocks.CharBlock(label=_("figure"), max_length=40, help_text=_("E.g. 2 ton, 120 keluarga, 85%."))
    label = blocks.CharBlock(label=_("what it counts"), max_length=200)

    class Meta:
        icon = "pick"
        label = _("Figure highlight")
        template = "stories/blocks/figure.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=PARAGRAPH_FEATURES,
                                     template="stories/blocks/paragraph.html")
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    video = EmbedBlock(label=_("Video"), help_text=_("A YouTube or Vimeo address."), icon="media",
                       template="stories/blocks/video.html")
    figure = FigureBlock()


class IndicatorBlock(blocks.StructBlock):
    """Evidence of the change: a measure before and after, in its unit."""

    label = blocks.CharBlock(label=_("indicator"), max_length=200,
                             help_text=_("What was measured, e.g. households with clean water."))
    before = blocks.DecimalBlock(label=_("before"), max_digits=14, decimal_places=2)
    after = blocks.DecimalBlock(label=_("after"), max_digits=14, decimal_places=2)
    unit = blocks.CharBlock(label=_("unit"), max_length=40, help_text=_("E.g. households, kg, %."))
    source = blocks.CharBlock(label=_("source"), max_length=200, required=False,
                              help_text=_("Where the figures come from, e.g. village records 2023 and 2025."))

    class Meta:
        icon = "table"
        label = _("Indicator")
        template = "stories/blocks/indicator.html"


class VoiceBlock(blocks.StructBlock):
    """The people's voice: what someone touched by the change says."""

    quote = blocks.TextBlock(label=_("what they say"))
    name = blocks.CharBlock(label=_("name"), max_length=150)
    role = blocks.CharBlock(label=_("who they are"), max_length=150, required=False,
                            help_text=_("E.g. a mother of three in Desa Wae Rebo."))
    photo = ImageChooserBlock(label=_("photo"), required=False)

    class Meta:
        icon = "user"
        label = _("Voice")
        template = "stories/blocks/voice.html"
