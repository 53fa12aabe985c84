"""A member's forum emails: following threads and spaces, their settings page, one-click unsubscribe.

Invariants:
- Following asks ``forums.subscriptions.may_follow`` (``forums.access``): a space or thread the
  member may not read is a 404 that does not say whether it exists; following is a POST (CSRF).
- The settings page shows and changes only the signed-in member's own subscriptions (another's
  subscription id is a 404) and only for what they may still read.
- The unsubscribe link needs no sign-in: its signed token (``forums.notify``) is the authority.
  GET shows a confirmation with one button (a link scanner following it unsubscribes no one);
  POST unsubscribes (mail clients' RFC 8058 one-click POST too, so no CSRF token there). A damaged,
  forged or expired token is a 400 page saying so.
"""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import access, notify, subscriptions
from .models import Space, Subscription, Thread

#: How many followed threads the settings page lists (the most recently active first).
MAX_LISTED_THREADS = 300


def _delivery_choices(kind):
    if kind == "space":
        return [("instant", _("An email for each new thread")), ("digest", _("In the daily digest"))]
    return [("instant", _("An email for each new post")), ("digest", _("In the daily digest"))]


def _safe_next(request):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


def _back(request, fallback):
    return redirect(_safe_next(request) or fallback)


# -- follow buttons ----------------------------------------------------------------------------------------


def _toggle(request, *, thread=None, space=None):
    target = thread or space
    if subscriptions.is_subscribed(request.user, thread=thread, space=space):
        subscriptions.unsubscribe(request.user, thread=thread, space=space)
        messages.success(request, _("You no longer follow this thread.") if thread else
                         _("You no longer follow this space."))
        return _back(request, target.get_absolute_url())
    delivery = request.POST.get("delivery") or Subscription.Delivery.INSTANT
    if delivery not in subscriptions.DELIVERIES:
        return TemplateResponse(request, "forums/follow_error.html", {
            "error": _("Choose how you want to hear of new posts."), "back_url": target.get_absolute_url()},
            status=400)
    subscriptions.subscribe(request.user, thread=thread, space=space, delivery=delivery)
    if thread:
        messages.success(request, _("You follow this thread: you get an email for each new post."))
    elif delivery == Subscription.Delivery.DIGEST:
        messages.success(request, _("You follow this space: its new posts come in your daily digest."))
    else:
        messages.success(request, _("You follow this space: you get an email for each new thread."))
    return _back(request, target.get_absolute_url())


@require_POST
def follow_space(request, slug):
    """Follow or stop following a space (POST toggles)."""
    if not request.user.is_authenticated:
        return redirect_to_login(_safe_next(request) or reverse("forums:space", kwargs={"slug": slug}))
    space = access.space_or_404(request.user, slug)
    return _toggle(request, space=space)


@require_POST
def follow_thread(request, slug, pk):
    """Follow or stop following a thread (POST toggles)."""
    if not request.user.is_authenticated:
        return redirect_to_login(
            _safe_next(request) or reverse("forums:thread", kwargs={"slug": slug, "pk": pk}))
    space = access.space_or_404(request.user, slug)
    thread = access.thread_or_404(request.user, space, pk)
    return _toggle(request, thread=thread)


# -- settings ----------------------------------------------------------------------------------------------


def _preferences_context(user):
    subs = Subscription.objects.filter(user=user)
    spaces = (subs.filter(space__in=access.readable_spaces(user).values("pk"))
              .select_related("space__network__province", "space__programme", "space__cohort")
              .order_by("space__kind", "space__slug"))
    threads = (subs.filter(thread__in=access.readable_threads(user).values("pk"))
               .select_related("thread__space").order_by("-thread__last_post_at", "-pk"))
    thread_count = threads.count()
    return {
        "digest": subscriptions.wants_digest(user),
        "space_subscriptions": list(spaces),
        "thread_subscriptions": list(threads[:MAX_LISTED_THREADS]),
        "thread_count": thread_count,
        "more_threads": max(thread_count - MAX_LISTED_THREADS, 0),
        "space_choices": _delivery_choices("space"),
        "thread_choices": _delivery_choices("thread"),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    """The signed-in member's forum emails: the digest, and what they follow and how."""
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "digest":
            on = request.POST.get("digest") == "on"
            subscriptions.set_digest(user, on)
            messages.success(request, _("The daily digest is on.") if on else _("The daily digest is off."))
            return redirect("forums:preferences")
        if action in ("save", "unfollow"):
            subscription = get_object_or_404(Subscription, pk=request.POST.get("subscription") or 0, user=user)
            if action == "unfollow":
                subscription.delete()
                messages.success(request, _("You no longer follow it."))
                return redirect("forums:preferences")
            delivery = request.POST.get("delivery")
            if delivery not in subscriptions.DELIVERIES:
                context = _preferences_context(user)
                context.update(error=_("Choose how you want to hear of new posts."), error_for=subscription.pk)
                return TemplateResponse(request, "forums/preferences.html", context, status=400)
            subscription.delivery = delivery
            subscription.save(update_fields=["delivery"])
            messages.success(request, _("Saved."))
            return redirect("forums:preferences")
        context = _preferences_context(user)
        context["error"] = _("This form was not understood. Please try again.")
        return TemplateResponse(request, "forums/preferences.html", context, status=400)
    return TemplateResponse(request, "forums/preferences.html", _preferences_context(user))


# -- one-click unsubscribe ------------------------------------------------------------------------------------


def _bad_link(request, expired):
    if expired:
        error = _("This unsubscribe link has expired. Sign in and change your forum emails in your settings.")
    else:
        error = _("This unsubscribe link is not valid. Copy the whole link from the email, or sign in and "
                  "change your forum emails in your settings.")
    return TemplateResponse(request, "forums/unsubscribe.html", {"error": error}, status=400)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Leave a thread, a space or the digest from a link in an email (no sign-in)."""
    try:
        user_id, kind, pk = notify.read_unsubscribe_token(token)
    except notify.BadToken as error:
        return _bad_link(request, error.expired)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return _bad_link(request, False)
    target = None
    if kind == notify.THREAD:
        target = Thread.objects.filter(pk=pk).first()
    elif kind == notify.SPACE:
        target = Space.objects.filter(pk=pk).first()
    context = {"kind": kind, "target": target, "email": user.email}
    if kind != notify.DIGEST and target is None:
        context["done"] = True  # gone already: nothing left to send
        return TemplateResponse(request, "forums/unsubscribe.html", context)
    if request.method == "POST":
        if kind == notify.DIGEST:
            subscriptions.set_digest(user, False)
        elif kind == notify.THREAD:
            subscriptions.unsubscribe(user, thread=target)
        else:
            subscriptions.unsubscribe(user, space=target)
        context["done"] = True
    return TemplateResponse(request, "forums/unsubscribe.html", context)
