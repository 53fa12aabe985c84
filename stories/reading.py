"""Reading time of a story: its words at an unhurried pace, at least one minute.

Read from the stream's stored JSON, block type by block type, so that a story card never fetches
the images of its body (one query per story and stream) to count words it does not have.
"""
import math
import re

from django.utils.html import strip_tags
from wagtail.blocks import BaseStructBlock, ChooserBlock, FieldBlock, RichTextBlock

WORDS_PER_MINUTE = 200
WORD = re.compile(r"\w+", re.UNICODE)


def count_words(text):
    return len(WORD.findall(strip_tags(str(text or ""))))


def _text_value(block, raw):
    """The block's value when it is text (what ``to_python`` gives as ``str``), else None.

    Chooser blocks (images, pages...) are never text: they are skipped without a query."""
    if not isinstance(block, FieldBlock) or isinstance(block, ChooserBlock):
        return None
    value = block.to_python(raw)
    return value if isinstance(value, str) else None


def _block_texts(block, raw):
    if isinstance(block, RichTextBlock):
        yield raw or ""
    elif isinstance(block, BaseStructBlock):
        # A struct's text fields (captions, labels, quotes); its rich text and choosers are not counted.
        raw = raw or {}
        for name, child in block.child_blocks.items():
            text = _text_value(child, raw[name]) if name in raw else None
            if text is None and name not in raw:
                default = child.get_default()
                text = default if isinstance(default, str) and isinstance(child, FieldBlock) else None
            if text is not None:
                yield text
    else:
        text = _text_value(block, raw)
        if text is not None:
            yield text


def _stream_texts(stream):
    """The text of every block of a StreamField value (rich text, quotes, captions, labels)."""
    if not stream:
        return
    child_blocks = stream.stream_block.child_blocks
    for item in stream.raw_data:
        block = child_blocks.get(item["type"])
        if block is not None:
            yield from _block_texts(block, item["value"])


def reading_minutes(story):
    texts = [story.title, story.summary, story.problem, story.what_was_done, story.change]
    for stream in (story.body, story.evidence, story.voices):
        texts.extend(_stream_texts(stream))
    words = sum(count_words(text) for text in texts)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
