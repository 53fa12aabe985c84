"""Admin views of recurring (built by the recurring helper). urlpatterns are mounted under
/admin/donasi/ by plugins/donation/wagtail_hooks.py; menu_items() adds their menu entries."""

urlpatterns = []


def menu_items():
    return []
