"""``{% forum_follow_state thread=thread space=space as follow %}`` for ``forums/includes/follow.html``."""
from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def forum_follow_state(context, thread=None, space=None):
    """``{"following", "delivery", "url", "kind"}`` for the signed-in user and ``thread`` (else ``space``)."""
    from forums.models import Space, Thread
    from forums.subscriptions import subscription_for

    # A name missing from the include's context arrives as the template engine's "invalid" string.
    thread = thread if isinstance(thread, Thread) else None
    space = space if isinstance(space, Space) else None
    request = context.get("request")
    user = getattr(request, "user", None)
    if thread is not None:
        space = None
        url = reverse("forums:follow_thread", kwargs={"slug": thread.space.slug, "pk": thread.pk})
    elif space is not None:
        url = reverse("forums:follow_space", kwargs={"slug": space.slug})
    else:
        return None
    subscription = subscription_for(user, thread=thread, space=space) if user is not None else None
    return {"following": subscription is not None, "delivery": subscription.delivery if subscription else "",
            "url": url, "kind": "thread" if thread is not None else "space",
            "signed_in": bool(user and user.is_authenticated)}
