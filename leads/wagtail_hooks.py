"""The CRM in the Wagtail admin: each part registers its viewsets from its module in leads/admin/."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from leads.admin.board import LeadBoardViewSet
from leads.admin.leads import LeadViewSet


class CRMGroup(SnippetViewSetGroup):
    """The «CRM» menu. Each part adds its viewset (snippet or plain admin ViewSet) to `items`, one per line."""

    menu_label = _("CRM")
    menu_icon = "group"
    menu_order = 150
    items = (
        LeadViewSet,
        LeadBoardViewSet,
    )


register_snippet(CRMGroup)


@hooks.register("insert_global_admin_css")
def leads_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("leads/admin.css"))
