"""
A LEDGER_RATING_LABELS_FILE the import cannot use is one clear problem
naming the file (and its entry), from the command and the admin's upload
page alike: never a traceback, and nothing is imported.
"""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.urls import reverse

from claims.interchange import ratings
from claims.models import ExternalReview

FEED = Path(__file__).resolve().parent.parent / "fixtures" / "claimreview" / "array-es-ar.json"


@pytest.fixture
def labels_file(settings, tmp_path):
    """Point LEDGER_RATING_LABELS_FILE at a file holding `content` (None: no file)."""

    def point(content):
        path = tmp_path / "labels.json"
        if content is not None:
            path.write_text(content, encoding="utf-8")
        settings.LEDGER_RATING_LABELS_FILE = str(path)
        ratings.desk_labels.cache_clear()
        ratings.status_for_label.cache_clear()
        ratings.status_for_sentence.cache_clear()
        return str(path)

    yield point
    ratings.desk_labels.cache_clear()
    ratings.status_for_label.cache_clear()
    ratings.status_for_sentence.cache_clear()


@pytest.mark.parametrize(
    "content, problem",
    [
        ('["x"]', 'must be one JSON object {"label": "status value"}, not list'),
        ('{"Falso": "false",', "is not JSON: Expecting property name enclosed in double quotes"),
        (None, "cannot be read: No such file or directory"),
        (
            '{"證據不足": "unproven", "زائف": "bogus"}',
            '"زائف" maps to "bogus", which is not a status',
        ),
        ('{"错误": 1}', '"错误" maps to 1, which is not a status'),
    ],
)
def test_the_command_says_what_is_wrong_with_the_file(
    import_claims, labels_file, content, problem
):
    path = labels_file(content)

    with pytest.raises(CommandError) as raised:
        import_claims(str(FEED), "--skip-invalid")

    message = str(raised.value)
    assert f"LEDGER_RATING_LABELS_FILE {path}: {problem}" in message
    assert "Traceback" not in message and "ImproperlyConfigured" not in message
    assert "nothing was imported" in message
    assert not ExternalReview.objects.exists()


def test_the_admin_upload_shows_it_as_a_problem(client, editor, labels_file):
    path = labels_file('["x"]')
    client.force_login(editor)
    url = reverse("admin:claims_externalreview_import")

    checked = client.post(url, {"file": SimpleUploadedFile("feed.json", FEED.read_bytes())})

    assert checked.status_code == 200
    assert f"LEDGER_RATING_LABELS_FILE {path}: must be one JSON object" in checked.content.decode()
    assert not checked.context["can_confirm"]
    assert not ExternalReview.objects.exists()


def test_a_good_file_still_imports(import_claims, labels_file):
    labels_file(json.dumps({"زائف": "misleading"}, ensure_ascii=False))

    import_claims(str(FEED))

    assert ExternalReview.objects.get(label="زائف").mapped_status == "misleading"
