from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from talent import home, mail, stamps

        from .models import Campaign, Criterion, CriterionVersion, Message, OutcomeRecord

        mail.register(Message)

        from . import checks  # noqa: F401 (registers the evidence setting's check)

        # A campaign saved one at a time (created, renamed in the admin, deleted): its
        # stamp moves, so pages that name, list or count it compute afresh. The
        # services' conditional UPDATEs (launch, close) bump it themselves.
        def campaign_changed(instance, **kwargs):
            stamps.bump(stamps.campaign(instance.pk))

        post_save.connect(campaign_changed, sender=Campaign, dispatch_uid="stamp-campaign-save")
        post_delete.connect(campaign_changed, sender=Campaign,
                            dispatch_uid="stamp-campaign-delete")

        # Outcomes and their criteria saved one at a time (a publication, the admin):
        # the evidence pages compute afresh. The import bumps the stamp itself.
        def outcomes_changed(**kwargs):
            stamps.bump(stamps.OUTCOMES)

        for model in (Criterion, CriterionVersion, OutcomeRecord):
            post_save.connect(outcomes_changed, sender=model,
                              dispatch_uid=f"stamp-{model.__name__}-save")
            post_delete.connect(outcomes_changed, sender=model,
                                dispatch_uid=f"stamp-{model.__name__}-delete")

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
