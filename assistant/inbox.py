"""The staff inbox in the admin: the brand's conversations (the ones handed to people first), a conversation's
whole history with the templates at hand, and its actions: take it, answer (back through its channel), return it
to the bot, resolve it, turn it into a lead."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from assistant import services
from assistant.models import AnswerTemplate, State
from assistant.permissions import conversations_visible_to, worked_site_ids
from core.admin import AdminPageMixin

PER_PAGE = 30


def may_use_inbox(user):
    return bool(worked_site_ids(user))


class InboxMixin(AdminPageMixin):
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        if not may_use_inbox(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class InboxView(InboxMixin, TemplateView):
    template_name = "assistant/admin/inbox.html"
    page_title = gettext_lazy("Входящие ассистента")

    def get_context_data(self, **kwargs):
        state = self.request.GET.get("state", "")
        rows = conversations_visible_to(self.request.user).select_related("bot", "assignee")
        if state in State.values:
            rows = rows.filter(state=state)
        if self.request.GET.get("mine"):
            rows = rows.filter(assignee=self.request.user)
        rows = rows.annotate(
            waiting=Case(When(state=State.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField())
        ).order_by("waiting", "-updated_at")
        page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("p"))
        return {
            **super().get_context_data(**kwargs),
            "page": page,
            "states": State.choices,
            "state": state,
        }


class ReplyForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Ответ"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class LeadForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Имя"), max_length=150)
    phone = forms.CharField(label=gettext_lazy("Телефон"), max_length=30)


class ConversationView(InboxMixin, TemplateView):
    template_name = "assistant/admin/conversation.html"

    def get_page_title(self):
        return str(self.conversation)

    def dispatch(self, request, *args, pk, **kwargs):
        if not may_use_inbox(request.user):
            raise PermissionDenied
        self.conversation = get_object_or_404(
            conversations_visible_to(request.user).select_related("bot__site", "assignee", "user", "lead"), pk=pk
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        conversation = self.conversation
        templates = AnswerTemplate.objects.filter(bot=conversation.bot).order_by("purpose", "title")
        values = {"name": conversation.customer_name, "bot": conversation.bot.name, "manager": self.request.user}
        return {
            **super().get_context_data(**kwargs),
            "conversation": conversation,
            "history": conversation.messages.select_related("author").order_by("created_at", "pk"),
            "templates": [(t, t.render(**values)) for t in templates if t.language == conversation.language]
            or [(t, t.render(**values)) for t in templates],
            "reply_form": kwargs.get("reply_form") or ReplyForm(),
            "lead_form": kwargs.get("lead_form")
            or LeadForm(initial={"name": conversation.customer_name, "phone": getattr(conversation.user, "phone", "")}),
            "states": State,
        }

    def post(self, request, *args, **kwargs):
        conversation = self.conversation
        action = request.POST.get("action")
        try:
            if action == "reply":
                form = ReplyForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(reply_form=form))
                if conversation.state == State.RESOLVED:
                    raise ValidationError(_("Разговор уже решён."))
                if conversation.state == State.OPEN:
                    services.set_state(conversation, State.PENDING, by=request.user, note="staff")
                services.staff_reply(conversation, request.user, form.cleaned_data["text"])
                messages.success(request, _("Ответ отправлен клиенту."))
            elif action == "take":
                services.assign(conversation, request.user, by=request.user)
            elif action in (State.OPEN, State.PENDING, State.RESOLVED):
                services.set_state(conversation, action, by=request.user)
            elif action == "lead":
                form = LeadForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(lead_form=form))
                lead = services.lead_from_chat(
                    conversation, form.cleaned_data["phone"], conversation.last_topic, form.cleaned_data["name"]
                )
                if lead is None:
                    raise ValidationError(_("Телефон не распознан."))
                messages.success(request, _("Заявка №%(id)s создана.") % {"id": lead.pk})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except services.TransitionError:
            messages.error(request, _("Так изменить состояние разговора нельзя."))
        return redirect(reverse("assistant_inbox:conversation", args=[conversation.pk]))
