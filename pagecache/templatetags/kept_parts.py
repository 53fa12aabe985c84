"""``{% keep "name" %}…{% endkeep %}``: a part of a page rendered once per change (``pagecache/parts.py``).

The view puts its :class:`pagecache.parts.KeptParts` in the context as ``kept_parts``; without it
(a preview, the parts turned off, a page that does not use them) the tag renders its content
every time. Only what is the same for every visitor goes inside: no forms, nothing about the
visitor, no figures that a pledge moves.
"""
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class KeepNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        kept = context.get("kept_parts")
        if kept is None:
            return self.nodelist.render(context)
        html = kept.get(self.name)
        if html is None:
            html = kept.keep(self.name, str(self.nodelist.render(context)))
        return mark_safe(html)


@register.tag("keep")
def do_keep(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][:1] not in "\"'" or bits[1][-1:] != bits[1][:1]:
        raise template.TemplateSyntaxError("Usage: {% keep \"name\" %}…{% endkeep %}")
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(bits[1][1:-1], nodelist)
