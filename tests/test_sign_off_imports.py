"""
An import by a named editor is their act, and the sign-off panel's rule
applies to it as to the admin (claims/models/claim.py): a file cannot publish
a verdict, or change a published one, that the panel has not agreed on.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.urls import reverse

from claims.models import Claim

PANEL = {"LEDGER_SIGN_OFF": 3, "LEDGER_SIGN_OFF_MAJORITY": 2}


def published_row(**fields):
    return json.dumps(
        {
            "external_id": "hk-nsl-1",
            "claim_text": "國安法實施後，本港人權狀況沒有倒退。",
            "speaker_name": "保安局發言人",
            "source_title": "保安局新聞稿",
            "status": "false",
            "summary": "多份報告記錄了集會及言論自由受到的限制。",
            "language": "zh-Hant",
            "published_at": "2021-10-26T09:00:00+08:00",
            **fields,
        },
        ensure_ascii=False,
    )


def re_rating_row(verdict):
    """A row re-rating the published `verdict` (its external ID hk-nsl-1) as Misleading."""
    return json.dumps(
        {
            "external_id": "hk-nsl-1",
            "claim_text": verdict.text,
            "speaker_name": verdict.speaker.name,
            "source_url": verdict.source.url,
            "source_title": verdict.source.title,
            "status": "misleading",
            "summary": verdict.summary,
        },
        ensure_ascii=False,
    )


def test_a_named_editors_file_cannot_publish_past_the_panel(
    settings, import_claims, write_file, editor
):
    settings.LEDGER_SIGN_OFF, settings.LEDGER_SIGN_OFF_MAJORITY = 3, 2
    path = write_file("verdicts.jsonl", published_row() + "\n")

    with pytest.raises(CommandError) as refused:
        import_claims(path, "--user", editor.get_username())

    assert "verdicts.jsonl:1: published_at: the sign-off panel has not agreed" in str(refused.value)
    # The file writes the verdict: the importing editor's is no approval of it.
    assert "0 of 2 approvals" in str(refused.value)
    assert not Claim.objects.exists()


def test_with_the_defaults_an_editors_file_cannot_publish_its_own_verdicts_either(
    import_claims, write_file, editor, make_editor
):
    path = write_file("verdicts.jsonl", published_row() + "\n")

    with pytest.raises(CommandError) as refused:
        import_claims(path, "--user", editor.get_username())

    assert "verdicts.jsonl:1: published_at: the sign-off panel has not agreed" in str(refused.value)
    assert "0 of 1 approval" in str(refused.value)
    assert not Claim.objects.exists()

    # Imported as a draft, the verdict is the editor's, and another editor publishes it.
    draft = {**json.loads(published_row()), "published_at": ""}
    import_claims(
        write_file("drafts.jsonl", json.dumps(draft, ensure_ascii=False) + "\n"),
        "--user",
        editor.get_username(),
    )
    claim = Claim.objects.get()
    assert (claim.rated_by, claim.is_published) == (editor, False)
    with pytest.raises(ValidationError, match="you wrote this verdict"):
        claim.publish(by=editor)
    claim.publish(by=make_editor())
    assert Claim.objects.published().get() == claim


def test_the_system_imports_the_desks_archive_without_votes(settings, import_claims, write_file):
    settings.LEDGER_SIGN_OFF, settings.LEDGER_SIGN_OFF_MAJORITY = 3, 2
    path = write_file("archive.jsonl", published_row() + "\n")

    import_claims(path)

    assert Claim.objects.published().count() == 1


def test_an_upload_changing_a_published_verdict_is_refused_by_line_when_checked(
    client, settings, make_verdict, editor
):
    verdict = make_verdict(external_id="hk-nsl-1")
    settings.LEDGER_SIGN_OFF, settings.LEDGER_SIGN_OFF_MAJORITY = 3, 2
    row = re_rating_row(verdict)
    client.force_login(editor)
    url = reverse("admin:claims_externalreview_import")

    checked = client.post(url, {"file": SimpleUploadedFile("t.jsonl", row.encode() + b"\n")})

    # Refused when the file is checked, by line, before anyone can confirm it.
    assert checked.status_code == 200
    problems = [str(problem) for problem in checked.context["problems"]]
    assert any("t.jsonl:1: status: The sign-off panel has not agreed" in p for p in problems), (
        problems
    )
    verdict.refresh_from_db()
    assert verdict.status == "false"


def test_a_dry_run_reports_the_panels_refusal_and_skip_invalid_leaves_the_row_out(
    make_verdict, import_claims, write_file, editor
):
    verdict = make_verdict(external_id="hk-nsl-1")
    path = write_file("verdicts.jsonl", re_rating_row(verdict) + "\n")

    # The file rewrites a published verdict as Erin's: nobody else has approved it.
    with pytest.raises(CommandError) as refused:
        import_claims(path, "--user", editor.get_username(), "--dry-run")
    assert "verdicts.jsonl:1: status: The sign-off panel has not agreed" in str(refused.value)
    assert "(you wrote this verdict, so yours does not count)" in str(refused.value)

    printed = import_claims(path, "--user", editor.get_username(), "--skip-invalid")
    assert "verdicts.jsonl:1" in printed
    verdict.refresh_from_db()
    assert verdict.status == "false"
