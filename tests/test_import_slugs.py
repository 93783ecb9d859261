"""Imported records get the slugs a hand-made record would: one rule for both."""

from claims.models import Claim, Topic
from tests.interchange_samples import HEADER, csv_row

LONG = "Crime halved " + "and more " * 20  # longer than a slug may be


def test_imported_claims_take_the_next_free_slug_as_saved_ones_do(
    import_claims, write_file, make_claim
):
    make_claim(text=LONG)
    rows = "".join(
        csv_row(external_id=f"c-{number}", claim_text=LONG, speaker_name=f"Speaker {number}")
        for number in range(2)
    )

    import_claims(write_file("claims.csv", HEADER + rows + csv_row(claim_text="!!!")))
    by_hand = [make_claim(text=LONG), make_claim(text="???")]

    slugs = [claim.slug for claim in Claim.objects.order_by("pk")]
    base = LONG.lower().replace(" ", "-")[:80].strip("-")
    # A number follows the whole base (slugs have room for it), and a text
    # without a word is named by its characters, never a bare `claim`.
    assert slugs == [
        base,
        f"{base}-2",
        f"{base}-3",
        "exclamation-mark-exclamation-mark-exclamation-mark",
        f"{base}-4",
        "question-mark-question-mark-question-mark",
    ]
    assert [claim.slug for claim in by_hand] == [slugs[-2], slugs[-1]]


def test_an_imported_topic_takes_the_next_free_slug_as_a_saved_one_does(
    import_claims, write_file, make_topic
):
    make_topic(name="Human rights")

    import_claims(write_file("claims.csv", HEADER + csv_row(topics="Human rights!;Housing")))
    by_hand = make_topic(name="Human rights?")

    assert sorted(Topic.objects.values_list("slug", flat=True)) == [
        "housing",
        "human-rights",
        "human-rights-2",
        "human-rights-3",
    ]
    assert by_hand.slug == "human-rights-3"
