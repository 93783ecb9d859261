"""
The desk's two roles, as Django groups, and the permissions each holds.

Reviewers log and check claims: they add and edit claims, speakers, sources,
evidence and topics, move a draft between Unverified and In review and propose
a verdict. Editors may also publish and unpublish, set or change the verdict of
a published claim (which issues a correction), retract a verdict and read the
desk's recent changes. Nobody but a superuser deletes claims, topics, speakers
or sources, and no role may touch the historical records.

The data migration 0002_roles creates these groups from a frozen copy of this
table, and 0014_external_reviews applies a later copy (a migration must mean
the same thing forever, and a later permission may not exist yet when it
runs); `manage.py setup_roles` re-creates them from this live table.
tests/test_roles.py checks that the latest copy and it agree, so whoever
changes a role here also writes the migration that brings databases along.
"""

from django.core.exceptions import ImproperlyConfigured

REVIEWERS = "Reviewers"
EDITORS = "Editors"

_REVIEWER_PERMISSIONS = [
    "add_claim",
    "change_claim",
    "view_claim",
    "add_speaker",
    "change_speaker",
    "view_speaker",
    "add_source",
    "change_source",
    "view_source",
    "add_topic",
    "change_topic",
    "view_topic",
    # Removing a line of evidence is part of editing a claim; it is recorded.
    "add_evidence",
    "change_evidence",
    "delete_evidence",
    "view_evidence",
    "view_correction",
    # Other desks' reviews come from imports; a reviewer triages by them and
    # moves one matched to the wrong claim.
    "view_externalreview",
    "change_externalreview",
]

# Role name -> codenames of permissions in the claims app.
ROLES = {
    REVIEWERS: _REVIEWER_PERMISSIONS,
    EDITORS: [
        *_REVIEWER_PERMISSIONS,
        "publish_claim",
        "rate_published_claim",
        "retract_claim",
        "view_recent_changes",
        "add_correction",
        "change_correction",
    ],
}


def sync_roles(group_model, permission_model, roles=ROLES):
    """
    Create each role's group if missing and give it exactly its permissions
    (two queries a role, plus the writes). Takes the models as arguments so
    the data migration can pass its historical ones. Returns the groups.
    """
    groups = []
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
        groups.append(group)
    return groups
