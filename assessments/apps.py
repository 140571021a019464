from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from talent import home, mail

        from .models import Message

        mail.register(Message)

        from .reports.campaigns import recent_campaigns
        from .reports.reviews import home_hr_context

        home.add_part("hr", "assessments/home/hr.html", home_hr_context)
        home.add_part("hr", "assessments/home/hr_people.html")
        home.add_part("manager", "assessments/home/manager.html")
        home.add_part("bank_admin", "assessments/home/bank_admin.html",
                      lambda request: {"recent_campaigns": recent_campaigns()})
        from .reports.answering import home_context

        home.add_part("employee", "assessments/home/employee.html", home_context)
        home.add_part("employee", "assessments/home/my_data.html")
