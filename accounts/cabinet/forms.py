from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class ProfileForm(forms.ModelForm):
    """Name and language. Email and phone change through allauth, which verifies them."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "language"]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Пароль"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=_("Я понимаю, что личные данные будут удалены без возможности восстановления"),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Неверный пароль."))
        return password
