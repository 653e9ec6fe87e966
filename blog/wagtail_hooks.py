from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from blog.models import BlogAuthor
from core.admin import PublicDataPermissionPolicy, ScopedSnippetViewSet


class BlogAuthorViewSet(ScopedSnippetViewSet):
    model = BlogAuthor
    policy_class = PublicDataPermissionPolicy
    icon = "user"
    menu_label = _("Авторы блога")
    list_display = ("name", "role")
    search_fields = ("name",)


register_snippet(BlogAuthorViewSet)
