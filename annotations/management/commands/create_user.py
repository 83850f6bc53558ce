import getpass

from django.core.management.base import BaseCommand, CommandError

from annotations.services import users

ROLES = ["analyst", "editor", "admin"]


class Command(BaseCommand):
    help = "Create a Newsroom user with a role: analyst, editor or admin (staff and superuser)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=ROLES, default="analyst")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password", help="Asked interactively when omitted (avoid shell history)."
        )

    def handle(self, *args, username, role, email, password, **options):
        if password is None:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            user = users.user_create_with_role(
                username=username, password=password, role=role, email=email
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Created {role} “{user.username}”."))
