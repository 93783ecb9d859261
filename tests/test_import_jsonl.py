"""import_claims reads JSON Lines: one object a line, with the CSV's columns as keys."""

import json

from claims.models import Claim


def test_it_imports_one_claim_a_line(import_claims, write_file):
    lines = [
        {
            "external_id": 17,
            "claim_text": "Crime halved last year.",
            "speaker_name": "Jo Lee",
            "source_url": "https://news.example.org/crime",
            "source_title": "Crime report",
            "status": "Mostly False",
            "summary": "It fell by a fifth.",
            "topics": ["Crime", "Policing"],
            "said_on": None,
        },
        {"claim_text": "Rents doubled.", "speaker_name": "Jo Lee", "source_title": "Speech"},
    ]
    content = "\n".join(json.dumps(line) for line in lines) + "\n\n"

    output = import_claims(write_file("claims.jsonl", content))

    crime = Claim.objects.get(external_id="17")
    assert crime.status == Claim.Status.MOSTLY_FALSE
    assert sorted(crime.topics.values_list("name", flat=True)) == ["Crime", "Policing"]
    assert crime.said_on is None
    rents = Claim.objects.get(text="Rents doubled.")
    assert rents.speaker == crime.speaker
    assert "claims: 2 created" in output


def test_it_guesses_json_lines_from_the_content(import_claims, write_file):
    line = {"claim_text": "Rents doubled.", "speaker_name": "Jo Lee", "source_title": "Speech"}

    import_claims(write_file("export.txt", json.dumps(line) + "\n"))

    assert Claim.objects.get().text == "Rents doubled."
