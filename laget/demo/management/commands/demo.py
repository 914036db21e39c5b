from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from laget.demo.data import DEMO_PASSWORD
from laget.demo.services import demo_load


class Command(BaseCommand):
    help = "Create the Ludvika and Fagersta demo (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("sv"):
            logins = demo_load()
        width = max(len(login.username) for login in logins)
        role_width = max(len(login.role) for login in logins)
        line = "-" * (width + role_width + 30)
        self.stdout.write("")
        self.stdout.write(f"Läget demo – inloggningar (lösenord för alla: {DEMO_PASSWORD})")
        self.stdout.write(line)
        for login in logins:
            self.stdout.write(
                f"  {login.username:<{width}}  {login.role:<{role_width}}  {login.workspace}"
            )
        self.stdout.write(line)
