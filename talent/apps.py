from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Organisation")

    def ready(self):
        from . import home

        home.add_part("superuser", "talent/home/superuser.html")
        home.add_part("hr", "talent/home/hr.html")
        home.add_part("manager", "talent/home/manager.html")
