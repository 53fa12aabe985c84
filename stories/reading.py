"""Reading time of a story: its words at an unhurried pace, at least one minute."""
import math
import re

from django.utils.html import strip_tags

WORDS_PER_MINUTE = 200
WORD = re.compile(r"\w+", re.UNICODE)


def count_words(text):
    return len(WORD.findall(strip_tags(str(text or ""))))


def _stream_texts(stream):
    """The text of every block of a StreamField value (rich text, quotes, captions, labels)."""
    for child in stream or []:
        value = child.value
        if hasattr(value, "source"):  # RichText
            yield value.source
        elif isinstance(value, dict) or hasattr(value, "items"):
            for item in value.values():
                if isinstance(item, str):
                    yield item
        elif isinstance(value, str):
            yield value


def reading_minutes(story):
    texts = [story.title, story.summary, story.problem, story.what_was_done, story.change]
    for stream in (story.body, story.evidence, story.voices):
        texts.extend(_stream_texts(stream))
    words = sum(count_words(text) for text in texts)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
