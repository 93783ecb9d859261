"""
Two rows that would be the same claim, matched by speaker, source and text,
are refused by line: one would silently undo the other's changes, or a
later run could no longer tell the two claims apart.
"""

import pytest
from django.core.management.base import CommandError

from claims.models import Claim
from tests.interchange_samples import HEADER, csv_row


def same_claim(path, line, first):
    """The refusal of `path`'s row on `line`, naming the first row's place."""
    return (
        f"{path}:{line}: claim_text: matches the same claim as {first} (the same speaker, "
        "source and claim text); keep one of the two rows"
    )


def test_two_ids_adopting_one_saved_claim_are_refused(import_claims, write_file):
    import_claims(write_file("by-hand.csv", HEADER + csv_row(external_id="")))
    path = write_file(
        "claims.csv",
        HEADER + csv_row(external_id="a-1", context="first") + csv_row(external_id="a-2"),
    )

    with pytest.raises(CommandError) as raised:
        import_claims(path)

    assert same_claim(path, 3, "line 2") in str(raised.value)
    claim = Claim.objects.get()
    assert (claim.external_id, claim.context) == ("", "speaking from London")


def test_a_row_with_an_id_and_one_without_for_a_new_claim_are_refused(import_claims, write_file):
    first = write_file("first.csv", HEADER + csv_row(external_id="a-1"))
    second = write_file("second.csv", HEADER + csv_row(external_id=""))

    with pytest.raises(CommandError) as raised:
        import_claims(first, second)

    assert same_claim(second, 2, f"{first} line 2") in str(raised.value)
    assert not Claim.objects.exists()


def test_two_ids_for_new_claims_of_one_text_are_two_claims_and_reimport_cleanly(
    import_claims, write_file
):
    path = write_file(
        "claims.csv", HEADER + csv_row(external_id="a-1") + csv_row(external_id="a-2")
    )
    import_claims(path)

    output = import_claims(path)

    assert sorted(Claim.objects.values_list("external_id", flat=True)) == ["a-1", "a-2"]
    assert "claims: 0 created, 0 updated, 2 unchanged" in output


def test_two_rows_without_ids_for_one_claim_get_the_same_message(import_claims, write_file):
    path = write_file("claims.csv", HEADER + csv_row(external_id="") + csv_row(external_id=""))

    with pytest.raises(CommandError) as raised:
        import_claims(path)

    assert same_claim(path, 3, "line 2") in str(raised.value)
    assert not Claim.objects.exists()


def test_a_row_without_an_id_is_refused_beside_an_id_that_moves_a_claim_onto_its_text(
    import_claims, write_file
):
    # a-1 changes its saved claim's text to the one the row without an id
    # brings: the ledger would hold two claims the next run could not tell apart.
    import_claims(write_file("before.csv", HEADER + csv_row(external_id="a-1", claim_text="Old")))
    path = write_file("claims.csv", HEADER + csv_row(external_id="a-1") + csv_row(external_id=""))

    with pytest.raises(CommandError) as raised:
        import_claims(path)

    assert same_claim(path, 3, "line 2") in str(raised.value)
    assert list(Claim.objects.values_list("text", flat=True)) == ["Old"]
