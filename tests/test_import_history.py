"""Every row an import creates or changes has a history entry with the import's user and reason."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from claims.models import Claim, Source, Speaker, Topic
from tests.interchange_samples import CSV


def test_it_records_the_user_and_the_file_name(import_claims, write_file, editor):
    import_claims(write_file("claims.csv", CSV), "--user", "erin")

    for model in (Claim, Speaker, Source, Topic):
        entries = model.history.all()
        assert entries.count() == model.objects.count() > 0
        assert {entry.history_user for entry in entries} == {editor}
        assert {entry.history_type for entry in entries} == {"+"}
    for model in (Speaker, Source, Topic):
        reasons = set(model.history.values_list("history_change_reason", flat=True))
        assert reasons == {"imported from claims.csv"}
    # A claim's reason also keeps the rating as the file gave it.
    assert set(Claim.history.values_list("history_change_reason", flat=True)) == {
        'imported from claims.csv (rated "Pants on Fire")',
        "imported from claims.csv",
    }


def test_without_a_user_it_records_the_named_import_account(import_claims, write_file):
    import_claims(write_file("claims.csv", CSV))

    importer = get_user_model().objects.get(username="ledger-import")
    assert not importer.is_active
    assert not importer.has_usable_password()
    assert {entry.history_user for entry in Claim.history.all()} == {importer}


def test_an_unknown_user_is_refused_and_nothing_is_written(import_claims, write_file):
    with pytest.raises(CommandError, match='--user: no user named "nobody"'):
        import_claims(write_file("claims.csv", CSV), "--user", "nobody")

    assert Claim.objects.count() == 0
    assert not get_user_model().objects.exists()


def test_an_unknown_user_is_reported_with_every_problem_in_the_files(import_claims, write_file):
    path = write_file("claims.csv", CSV.replace("2021-10-25,2021-10-25", "2021-10-25,25/10/2021"))

    with pytest.raises(CommandError) as raised:
        import_claims(path, "--user", "nobody")

    message = str(raised.value)
    assert message.startswith("2 problem(s) found; nothing was imported.")
    assert f'{path}:2: said_on: "25/10/2021" is not a date' in message
    assert '--user: no user named "nobody"' in message


def test_the_claims_history_shows_its_imported_topics(import_claims, write_file):
    import_claims(write_file("claims.csv", CSV))

    entry = Claim.objects.get(external_id="hk-1").history.get()
    assert sorted(link.topic.name for link in entry.topics.all()) == [
        "Civil society",
        "Human rights",
    ]


def test_a_new_claim_never_takes_the_id_of_a_deleted_one(import_claims, write_file, make_claim):
    # The deleted claim's history keeps its id: a new claim reusing it
    # would inherit that history (SQLite's AUTOINCREMENT and PostgreSQL's
    # sequences never hand an id out twice).
    deleted = make_claim(text="Entered by mistake.")
    deleted_id = deleted.pk
    deleted.delete()

    import_claims(write_file("claims.csv", CSV))

    assert min(Claim.objects.values_list("pk", flat=True)) > deleted_id
    assert set(Claim.history.filter(id=deleted_id).values_list("history_type", flat=True)) == {
        "+",
        "-",
    }
