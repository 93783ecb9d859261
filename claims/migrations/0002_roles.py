"""
The Reviewers and Editors groups (see claims/roles.py).

The role table below is a frozen copy of claims.roles.ROLES as it was when
this migration was written, and sync_roles() a frozen copy of the function
that applies it: a migration must do the same thing whenever it runs, and a
permission added to the roles later may not exist yet at this point of the
migration graph. `manage.py setup_roles` applies the live table;
tests/test_roles.py fails when the two drift apart.
"""

from django.contrib.auth.management import create_permissions
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations

REVIEWER_PERMISSIONS = [
    "add_claim", "change_claim", "view_claim",
    "add_speaker", "change_speaker", "view_speaker",
    "add_source", "change_source", "view_source",
    "add_topic", "change_topic", "view_topic",
    "add_evidence", "change_evidence", "delete_evidence", "view_evidence",
    "view_correction",
]

ROLES = {
    "Reviewers": REVIEWER_PERMISSIONS,
    "Editors": [
        *REVIEWER_PERMISSIONS,
        "publish_claim", "rate_published_claim", "retract_claim", "view_recent_changes",
        "add_correction", "change_correction",
    ],
}


def sync_roles(group_model, permission_model, roles):
    """
    Create each role's group if missing and give it exactly its permissions.
    A copy of claims.roles.sync_roles as it stood at commit 2b1fda0.
    """
    for name, codenames in roles.items():
        permissions = list(
            permission_model.objects.filter(
                content_type__app_label="claims", codename__in=codenames
            )
        )
        missing = set(codenames) - {permission.codename for permission in permissions}
        if missing:
            raise ImproperlyConfigured(
                f"Role {name!r} names unknown permissions: {', '.join(sorted(missing))}."
            )
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate);
    # create the claims app's now so the groups can be given them.
    claims_config = apps.get_app_config("claims")
    claims_config.models_module = True
    create_permissions(claims_config, apps=apps, verbosity=0)
    claims_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), ROLES)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("claims", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="claim",
            options={
                "ordering": ["-published_at", "-created_at"],
                "permissions": [
                    ("publish_claim", "Can publish and unpublish claims"),
                    ("rate_published_claim", "Can set or change the verdict of a published claim"),
                    ("retract_claim", "Can retract a published verdict"),
                    ("view_recent_changes", "Can view recent changes across all claims"),
                ],
            },
        ),
        migrations.RunPython(create_roles, remove_roles),
    ]
