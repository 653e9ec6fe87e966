from wagtail import hooks

from search import admin_views


@hooks.register("register_admin_urls")
def search_report_urls():
    return admin_views.admin_urls()


hooks.register("register_reports_menu_item", admin_views.report_menu_item)
