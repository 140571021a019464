from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Organisation")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished, request_started
        from django.db.models import fields
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

        from config import (
            checks,  # noqa: F401 (registers the deployment checks)
            request_ids,
        )

        request_started.connect(request_ids.start, dispatch_uid="request-id-start")
        request_finished.connect(request_ids.finish, dispatch_uid="request-id-finish")

        from . import accounts, home, mail, middleware, models, stamps

        # What the mail provider reports (MAIL_PROVIDER) is written on the message.
        mail.register(models.LoginInvitation)
        mail.connect()

        # Django's label for a select's empty choice has no Chinese in Django's own
        # catalogue; the same words marked here are translated in the site's (locale/),
        # which Django reads first, so no select shows English on a Chinese page.
        fields.BLANK_CHOICE_LABEL = _("- Select an option -")

        # Edits one at a time (the admin, scripts): the organisation's stamp moves, so
        # reports cached on who holds what compute afresh. The import bumps it itself.
        def organisation_changed(**kwargs):
            stamps.bump(stamps.ORGANISATION)

        for model in (models.Employee, models.Department, models.Position):
            post_save.connect(organisation_changed, sender=model,
                              dispatch_uid=f"stamp-{model.__name__}-save")
            post_delete.connect(organisation_changed, sender=model,
                                dispatch_uid=f"stamp-{model.__name__}-delete")

        # An employee saved as inactive (the admin's form, a script) loses their login and
        # sessions; saved as active again, gets the login back (talent/accounts.py).
        def employee_saved(instance, **kwargs):
            if getattr(instance, "active_changed", False):
                instance.active_changed = False
                accounts.set_employees_active([instance.pk], instance.active)

        post_save.connect(employee_saved, sender=models.Employee, dispatch_uid="employee-logins")

        # An employee deleted (the admin, an erasure) takes their login's access along:
        # a login left without its employee must not stay usable.
        def employee_deleted(instance, **kwargs):
            if instance.user_id is not None:
                accounts.deactivate_logins([instance.user_id])

        pre_delete.connect(employee_deleted, sender=models.Employee,
                           dispatch_uid="employee-deleted-logins")

        user_logged_in.connect(middleware.start_session_clock, dispatch_uid="session-clock")

        # A login given or taken a role group (HR, bank admin) signs in again: the idle
        # limit is fixed at sign-in, so a session must not carry an employee's limit
        # into HR's pages.
        def groups_changed(instance, action, reverse, pk_set, **kwargs):
            if action in ("post_add", "post_remove") and pk_set:
                users = pk_set if reverse else [instance.pk]
            elif action == "pre_clear":
                users = (list(instance.user_set.values_list("pk", flat=True)) if reverse
                         else [instance.pk])
            else:
                return
            accounts.end_sessions(users)
            if not reverse:  # the login in hand signs its next session with the new value
                instance.refresh_from_db(fields=["session_generation"])

        m2m_changed.connect(groups_changed, sender=models.User.groups.through,
                            dispatch_uid="groups-end-sessions")

        # Single sign-on sends and checks a nonce (talent/sso.py): our provider class
        # takes allauth's place in its registry, loaded once here so that it stays.
        from allauth.socialaccount.providers import registry

        from . import sso

        registry.load()
        registry.register(sso.NonceProvider)

        home.add_part("superuser", "talent/home/superuser.html")
        home.add_part("hr", "talent/home/hr.html")
        home.add_part("manager", "talent/home/manager.html")
