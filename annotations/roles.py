"""The two working roles and what each may do; staff administer everything."""

ANALYSTS = "analysts"
EDITORS = "editors"

_READ = [
    f"view_{model}"
    for model in (
        "article",
        "annotation",
        "theme",
        "entity",
        "entityalias",
        "outlet",
        "dossier",
        "reviewevent",
    )
]

ROLE_PERMISSIONS = {
    ANALYSTS: _READ
    + [
        "add_article",
        "add_annotation",
        "change_annotation",
        "delete_annotation",
        "add_theme",
        "add_entity",
        "add_entityalias",
        "add_dossier",
        "change_dossier",
    ],
}
ROLE_PERMISSIONS[EDITORS] = ROLE_PERMISSIONS[ANALYSTS] + [
    "review_annotation",
    "edit_any_annotation",
    "change_article",
    "change_theme",
    "change_entity",
    "add_entityalias",
    "change_entityalias",
    "delete_entityalias",
    "delete_dossier",
]


def sync_role_groups(group_model, permission_model) -> None:
    """Create the role groups and give them exactly their permissions.

    Takes the model classes so the data migration can pass its historical models.
    """
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        permissions = permission_model.objects.filter(
            content_type__app_label="annotations", codename__in=set(codenames)
        )
        group.permissions.set(permissions)
