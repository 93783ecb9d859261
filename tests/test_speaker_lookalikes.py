"""
A speaker's name is matched whatever its compatibility forms and zero-width
characters (name_key); a name told apart from another only by Cyrillic or
Greek letters that look Latin is imported as the file says, with a warning.
"""

import pytest
from django.core.exceptions import ValidationError

from claims.models import Claim, Speaker, lookalike_key, name_key
from tests.hostile_strings import LOOKALIKE_NAMES, SAME_NAME
from tests.interchange_samples import HEADER, csv_row


@pytest.mark.parametrize("name", SAME_NAME.values(), ids=SAME_NAME.keys())
def test_fullwidth_and_zero_width_spaced_forms_have_the_same_key(name):
    assert name_key(name) == name_key("Kyle Ward")


@pytest.mark.parametrize("name", LOOKALIKE_NAMES.values(), ids=LOOKALIKE_NAMES.keys())
def test_lookalike_letters_differ_in_the_name_key_but_not_the_lookalike_key(name):
    assert name_key(name) != name_key("Kyle Ward")
    assert lookalike_key(name) == lookalike_key("Kyle Ward")


@pytest.mark.parametrize("name", SAME_NAME.values(), ids=SAME_NAME.keys())
def test_the_admin_refuses_a_second_speaker_of_the_same_name_in_another_form(make_speaker, name):
    make_speaker(name="Kyle Ward")
    with pytest.raises(ValidationError, match="already a speaker named “Kyle Ward”"):
        Speaker(name=name).full_clean()


@pytest.mark.parametrize("name", SAME_NAME.values(), ids=SAME_NAME.keys())
def test_an_import_puts_the_claim_on_the_existing_speaker(
    import_claims, write_file, make_speaker, name
):
    ward = make_speaker(name="Kyle Ward")

    output = import_claims(write_file("claims.csv", HEADER + csv_row(speaker_name=name)))

    assert Speaker.objects.get() == ward
    assert Claim.objects.get().speaker == ward
    assert "warning" not in output


@pytest.mark.parametrize("name", LOOKALIKE_NAMES.values(), ids=LOOKALIKE_NAMES.keys())
def test_an_import_of_a_lookalike_name_makes_a_new_speaker_and_warns(
    import_claims, write_file, make_speaker, name
):
    ward = make_speaker(name="Kyle Ward")
    path = write_file("claims.csv", HEADER + csv_row(speaker_name=name))

    output = import_claims(path)

    assert "1 warning(s):" in output
    assert f"{path}:2: speaker_name: “{name}” looks like the speaker “Kyle Ward”" in output
    assert Speaker.objects.count() == 2
    assert Claim.objects.get().speaker != ward


def test_two_lookalike_names_in_one_file_are_warned_of_too(import_claims, write_file):
    path = write_file(
        "claims.csv",
        HEADER
        + csv_row(external_id="1", speaker_name="Kyle Ward")
        + csv_row(external_id="2", speaker_name=LOOKALIKE_NAMES["cyrillic_a"]),
    )

    output = import_claims(path)

    assert f"{path}:3: speaker_name: " in output
    assert Speaker.objects.count() == 2
