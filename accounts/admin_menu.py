"""Admin menu items shown to some roles only."""

from wagtail.admin.menu import MenuItem

from accounts import roles


class RoleMenuItem(MenuItem):
    def __init__(self, *args, roles_shown, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles_shown = roles_shown

    def is_shown(self, request):
        return roles.role_of(request.user) in self.roles_shown
