"""An alliance's joint actions in the admin (/admin/aliansi/<pk>/aksi-bersama/, mounted in alliances/wagtail_hooks.py).

Invariants: every view first passes ``alliances.access.alliance_or_404`` (an alliance the user may not
manage is a 404, whether or not it exists); an action or link of another alliance is a 404 too.
Linking and unlinking go through ``alliances.joint`` (who may, which asks, one action per ask).
"""
from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from . import joint
from .access import alliance_or_404, own_member_organisations
from .models import JointAction, JointActionAsk

app_name = "alliances_joint"


def _type_choices():
    from campaigns.plugins import registry

    return [(t.key, t.name) for t in registry.support_types()]


class JointActionForm(forms.ModelForm):
    """A new joint action: what it is, of which support type, and the joint goal."""

    type_key = forms.ChoiceField(label=gettext_lazy("Kind of support"), choices=())

    class Meta:
        model = JointAction
        fields = ["title", "type_key", "description", "goal"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type_key"].choices = _type_choices()
        self.fields["type_key"].help_text = gettext_lazy(
            "Each member OMS then links an ask of this kind from its own campaign; the total adds them up.")
        if self.instance.pk and self.instance.asks.exists():
            # Linked asks are of this kind: changing it would count unlike things together.
            self.fields["type_key"].disabled = True
            self.fields["type_key"].help_text = gettext_lazy(
                "The kind cannot change while asks are linked: unlink them first.")


class LinkForm(forms.Form):
    """Choose one of your member OMS's campaign asks of the action's type."""

    ask = forms.ChoiceField(label=gettext_lazy("Campaign ask"), choices=())

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {f"{campaign.pk}:{ask.id}": (campaign, ask) for _o, campaign, ask in choices}
        self.fields["ask"].choices = [("", _("Choose an ask"))] + [
            (f"{campaign.pk}:{ask.id}", f"{organisation.title} — {campaign.title}: {ask.title or campaign.title}")
            for organisation, campaign, ask in choices]


def _action_or_404(alliance, action_pk):
    action = JointAction.objects.filter(alliance=alliance, pk=action_pk).first()
    if action is None:
        raise Http404
    return action


def action_list(request, pk):
    """The alliance's joint actions with their totals and parts."""
    alliance = alliance_or_404(request.user, pk)
    actions = list(JointAction.objects.filter(alliance=alliance))
    found = joint.totals(actions)
    return TemplateResponse(request, "alliances/joint/list.html", {
        "alliance": alliance, "totals": [found[a.pk] for a in actions],
        "is_member_editor": own_member_organisations(request.user, alliance).exists(),
    })


def action_create(request, pk):
    alliance = alliance_or_404(request.user, pk)
    form = JointActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.alliance, action.created_by = alliance, request.user
        action.save()
        messages.success(request, _("Joint action “%(title)s” created. Now link your campaign's ask to it.")
                         % {"title": action.title})
        return redirect("alliances_joint:detail", pk=alliance.pk, action_pk=action.pk)
    return TemplateResponse(request, "alliances/joint/form.html", {"alliance": alliance, "form": form},
                            status=400 if form.errors else 200)


def action_edit(request, pk, action_pk):
    """Change an action's title, description and goal (its kind too, while no ask is linked)."""
    alliance = alliance_or_404(request.user, pk)
    action = _action_or_404(alliance, action_pk)
    form = JointActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Joint action “%(title)s” saved.") % {"title": action.title})
        return redirect("alliances_joint:detail", pk=alliance.pk, action_pk=action.pk)
    return TemplateResponse(request, "alliances/joint/form.html", {"alliance": alliance, "form": form,
                                                                   "action": action},
                            status=400 if form.errors else 200)


def action_delete(request, pk, action_pk):
    """Delete an action after a confirmation: its links go, the members' campaigns and records stay."""
    alliance = alliance_or_404(request.user, pk)
    action = _action_or_404(alliance, action_pk)
    if request.method == "POST":
        title = action.title
        action.delete()
        messages.success(request, _("Joint action “%(title)s” deleted. The campaigns and their supporters are "
                                    "unchanged.") % {"title": title})
        return redirect("alliances_joint:list", pk=alliance.pk)
    return TemplateResponse(request, "alliances/joint/delete.html", {
        "alliance": alliance, "action": action, "link_count": action.asks.count()})


def _detail(request, alliance, action, form=None, status=200, error=None):
    total = joint.totals([action])[action.pk]
    choices = joint.linkable_asks(action, request.user)
    if form is None:
        form = LinkForm(choices=choices)
    parts = [(part, joint.may_unlink(part.link, request.user)) for part in total.per_member]
    return TemplateResponse(request, "alliances/joint/detail.html", {
        "alliance": alliance, "action": action, "total": total, "parts": parts, "form": form,
        "has_choices": bool(choices), "error": error,
        "is_member_editor": own_member_organisations(request.user, alliance).exists(),
    }, status=status)


def action_detail(request, pk, action_pk):
    alliance = alliance_or_404(request.user, pk)
    return _detail(request, alliance, _action_or_404(alliance, action_pk))


@require_POST
def link(request, pk, action_pk):
    """Link one of the user's member OMS's asks; a refusal keeps the choice and says why (400/403/409).

    ``alliances.joint.link_ask`` applies every rule, so an ask not offered in the list (posted by
    hand, or linked by someone else meanwhile) gets its precise refusal."""
    alliance = alliance_or_404(request.user, pk)
    action = _action_or_404(alliance, action_pk)
    form = LinkForm(request.POST, choices=joint.linkable_asks(action, request.user))
    campaign_pk, _sep, ask_id = (request.POST.get("ask") or "").partition(":")
    campaign = None
    if campaign_pk.isdigit() and ask_id:
        from campaigns.models import CampaignPage

        campaign = CampaignPage.objects.filter(pk=int(campaign_pk)).first()
    if campaign is None:
        return _detail(request, alliance, action, form=form, status=400,
                       error=_("Choose one of your campaign's asks to link."))
    try:
        joint.link_ask(action, campaign, ask_id, request.user)
    except joint.JointError as refused:
        return _detail(request, alliance, action, form=form, status=refused.status, error=refused.message)
    messages.success(request, _("The ask now counts in “%(title)s”.") % {"title": action.title})
    return redirect("alliances_joint:detail", pk=alliance.pk, action_pk=action.pk)


@require_POST
def unlink(request, pk, action_pk, link_pk):
    alliance = alliance_or_404(request.user, pk)
    action = _action_or_404(alliance, action_pk)
    found = JointActionAsk.objects.filter(joint_action=action, pk=link_pk).select_related("joint_action__alliance").first()
    if found is None:
        raise Http404
    try:
        joint.unlink_ask(found, request.user)
    except joint.JointError as refused:
        return _detail(request, alliance, action, status=refused.status, error=refused.message)
    messages.success(request, _("The ask no longer counts in “%(title)s”.") % {"title": action.title})
    return redirect("alliances_joint:detail", pk=alliance.pk, action_pk=action.pk)


urlpatterns = [
    path("", action_list, name="list"),
    path("tambah/", action_create, name="add"),
    path("<int:action_pk>/", action_detail, name="detail"),
    path("<int:action_pk>/ubah/", action_edit, name="edit"),
    path("<int:action_pk>/hapus/", action_delete, name="delete"),
    path("<int:action_pk>/tautkan/", link, name="link"),
    path("<int:action_pk>/lepas/<int:link_pk>/", unlink, name="unlink"),
]
