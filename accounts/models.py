from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    """Users log in by email or by phone; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email and not extra_fields.get("phone"):
            raise ValueError("An email address or a phone number is required.")
        user = self.model(email=self.normalize_email(email) or None, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("A superuser needs an email address: it is their admin login.")
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: customer, member, or staff. The login is the email or the phone."""

    username = None
    # Someone who signed up by phone has no email: NULL (not "") keeps the column unique.
    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    phone = models.CharField(
        _("телефон"),
        max_length=20,
        blank=True,
        help_text=_("В международном формате, например +77011234567."),
    )

    phone_verified = models.BooleanField(_("телефон подтверждён"), default=False)
    language = models.CharField(
        _("язык"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Язык сайта и уведомлений."),
    )
    anonymised_at = models.DateTimeField(
        _("данные удалены"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Когда личные данные стёрты по просьбе владельца; учётные записи платежей сохраняются."),
    )
    # One sign-out for every brand (accounts/sso.py): signing out adds one, and every session of the account, on
    # every brand's domain, stops matching its auth hash and is signed out at its next request.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        constraints = [
            # Phone is optional, but two accounts never share one.
            models.UniqueConstraint(fields=["phone"], condition=~Q(phone=""), name="unique_user_phone"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email or self.phone

    def clean(self):
        super().clean()
        self.email = self.email or None

    def save(self, *args, **kwargs):
        self.email = self.email or None
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None):
        """Django's hash of the password, with the sign-out generation mixed in once there is one (so sessions
        made before the field existed stay valid)."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "accounts.User.session_auth_hash",
            f"{self.password}|{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Favorite(models.Model):
    """A listing page a user saved with the heart."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="favorites")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("избранное")
        verbose_name_plural = _("избранное")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="unique_favorite")]

    def __str__(self):
        return f"{self.user} ♥ {self.page_id}"


class RecentView(models.Model):
    """The last time a user opened a listing."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recent_views")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    viewed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("просмотр")
        verbose_name_plural = _("история просмотров")
        ordering = ["-viewed_at"]
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="unique_recent_view")]
        indexes = [models.Index(fields=["user", "-viewed_at"])]

    def __str__(self):
        return f"{self.user} → {self.page_id}"
