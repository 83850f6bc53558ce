from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Newsroom"

    def ready(self):
        # Registers the SQLite folding function on every new connection.
        from annotations import search  # noqa: F401
