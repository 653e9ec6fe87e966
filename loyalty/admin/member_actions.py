"""The superuser's actions on a member: correct the points balance, invite to Inner Circle (through the services)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from catalog.models import Tier
from core.admin import AdminPageMixin
from core.money import format_rubles
from loyalty import services
from loyalty.models import Member

URL_NAME = "loyalty_member_actions"


class AdjustmentForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Баллы"),
        max_digits=12,
        decimal_places=2,
        help_text=gettext_lazy("Сколько начислить; со знаком минус — сколько списать."),
    )
    note = forms.CharField(label=gettext_lazy("Причина"), max_length=255)


class MemberActionsView(AdminPageMixin, FormView):
    template_name = "loyalty/admin/member_actions.html"
    page_title = gettext_lazy("Баллы и статус")
    header_icon = "user"
    form_class = AdjustmentForm

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_superuser):
            raise PermissionDenied
        self.member = get_object_or_404(Member.objects.select_related("user"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.member)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "member": self.member,
            "available": format_rubles(self.member.points_available, sign=False),
            "pending": format_rubles(self.member.points_pending, sign=False),
            "can_invite": self.member.tier != Tier.INNER_CIRCLE,
        }

    def post(self, request, *args, **kwargs):
        if "invite" in request.POST:
            services.invite_to_inner_circle(self.member, by=request.user)
            messages.success(request, _("%(member)s теперь в Inner Circle.") % {"member": self.member})
            return redirect(URL_NAME, pk=self.member.pk)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.adjust(
                self.member, form.cleaned_data["amount"], note=form.cleaned_data["note"], by=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Баланс исправлен."))
        return redirect(URL_NAME, pk=self.member.pk)
