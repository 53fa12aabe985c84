"""Safe rich text of posts: a small Markdown (bold, italics, lists, quotes, code, links) and @mentions.

Invariants:
- ``render`` is the only way a post's HTML is made; its output holds only the allow-listed tags and
  attributes below (nh3 cleans whatever Markdown produced), links keep only http/https/mailto and get
  rel="nofollow ugc noopener"; raw HTML typed in a post is shown as text, never parsed.
- Headings are demoted to h3/h4 (the page's own headings stay the outline); images in Markdown are
  dropped (pictures are attachments, served by the permission-checked view).
- ``@handle`` becomes ``<span class="mention">`` only for a handle that exists; nothing inside code
  (spans or blocks) is a mention or a link.
"""
import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "a", "h3", "h4", "span", "hr"}
ATTRIBUTES = {"a": {"href"}, "span": {"data-handle"}}
CLASSES = {"span": {"mention"}}
SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

HANDLE = r"[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38}[A-Za-z0-9])?"
MENTION_RE = r"(?<![\w@/.])@(" + HANDLE + r")(?![\w-]*@)"
# A bare web address; trailing punctuation of the sentence is not part of it (trimmed below).
URL_RE = r"(?<![\w/\"'=])(https?://[^\s<>\"'`]+)"
_TRAILING = ".,;:!?)]}'\""


class _UrlProcessor(InlineProcessor):
    def handleMatch(self, m, data):
        url = m.group(1)
        # Keep a closing bracket that balances an opening one inside the address (Wikipedia links).
        while url and url[-1] in _TRAILING and not (url[-1] == ")" and url.count("(") >= url.count(")")):
            url = url[:-1]
        if len(url) <= len("https://"):
            return None, None, None
        el = etree.Element("a")
        el.set("href", url)
        el.text = url
        return el, m.start(0), m.start(0) + len(url)


class _MentionProcessor(InlineProcessor):
    def __init__(self, pattern, md, known):
        super().__init__(pattern, md)
        self.known = known

    def handleMatch(self, m, data):
        handle = m.group(1).lower()
        if handle not in self.known:
            return None, None, None
        el = etree.Element("span")
        el.set("class", "mention")
        el.set("data-handle", handle)
        el.text = "@" + handle
        return el, m.start(0), m.end(0)


class _DemoteHeadings(Treeprocessor):
    MAP = {"h1": "h3", "h2": "h3", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}

    def run(self, root):
        for el in root.iter():
            if el.tag in self.MAP:
                el.tag = self.MAP[el.tag]


class _ForumExtension(Extension):
    def __init__(self, known=frozenset(), **kwargs):
        self.known = known
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Raw HTML is text: without these, Markdown would pass tags through.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # Below links/autolinks (so [text](url) and <url> win), above emphasis (so _ in URLs survive).
        md.inlinePatterns.register(_UrlProcessor(URL_RE, md), "bare_url", 115)
        md.inlinePatterns.register(_MentionProcessor(MENTION_RE, md, self.known), "mention", 114)
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 5)


def _strip_code(body):
    """``body`` without fenced/indented code blocks and code spans (for finding mentions)."""
    body = re.sub(r"(?ms)^(```|~~~).*?^\1[^\n]*$", " ", body)
    body = re.sub(r"(?m)^(?: {4}|\t).*$", " ", body)
    return re.sub(r"(`+)(?:.+?)\1", " ", body, flags=re.S)


def mentioned_handles(body):
    """The ``@handles`` written in ``body`` (lower-case, without the @, in order, once), outside code."""
    seen = []
    for m in re.finditer(MENTION_RE, _strip_code(body or "")):
        handle = m.group(1).lower()
        if handle not in seen:
            seen.append(handle)
    return seen


def _known_handles(handles):
    if not handles:
        return frozenset()
    from .models import ForumProfile

    return frozenset(ForumProfile.objects.filter(handle__in=handles).values_list("handle", flat=True))


def render(body, known=None):
    """The safe HTML of ``body`` (Markdown source), @mentions of known handles marked.

    ``known``: the set of existing handles when the caller already has it (else looked up).
    """
    body = body or ""
    if known is None:
        known = _known_handles(mentioned_handles(body))
    html = markdown.markdown(body, extensions=[_ForumExtension(known=frozenset(known)), "sane_lists", "fenced_code"],
                             output_format="html")
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, allowed_classes=CLASSES, url_schemes=SCHEMES,
                     link_rel=LINK_REL, strip_comments=True)
