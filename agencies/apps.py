from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Агентства")

    def ready(self):
        from accounts import access, dashboard, roles
        from agencies import dashboard as panels
        from agencies import models
        from agencies import roles as agency_roles

        models.register_signal_handlers()
        roles.register_scope(agency_roles.AGENCY_SCOPE)
        access.register_page_grants(agency_roles.grant_agency_pages)
        dashboard.register_panel(roles.REALTOR, panels.MyListingsPanel)
        dashboard.register_panel(roles.AGENCY_ADMIN, panels.AgencyListingsPanel)
