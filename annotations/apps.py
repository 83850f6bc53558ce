from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def _sync_role_groups(sender, apps=global_apps, **kwargs):
    # Migration 0002 made the role groups; a flush (which every transactional test ends
    # with) empties them, and a later migration may add a permission to a role. Django
    # sends post_migrate after both, once this app's permissions exist.
    from annotations.roles import sync_role_groups

    sync_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Newsroom"

    def ready(self):
        # Registers the SQLite folding function on every new connection, and the checks.
        from annotations import checks, search  # noqa: F401

        post_migrate.connect(_sync_role_groups, sender=self)
