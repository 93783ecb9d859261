"""
The admin in Traditional Chinese, down to what the ledger itself puts there:
its models' names, their fields' names and help, and the workflow's
refusals. What the ledger records (history reasons) stays English, whatever
language the desk reads.
"""

import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.utils import translation

from claims.models import Claim

ZH = {"Accept-Language": "zh-Hant"}
EN = {"Accept-Language": "en"}


@pytest.fixture(autouse=True)
def english_afterwards():
    """The test client activates each request's language in this thread: undo it."""
    yield
    translation.activate("en")


def _models_listed(page):
    """{model: the name the admin index links it by}."""
    row = r'<th scope="row"[^>]*>\s*<a href="/admin/claims/(\w+)/"[^>]*>([^<]+)</a>'
    links = re.findall(row, page)
    return {model: unescape(name).strip() for model, name in links}


def _heading(page):
    return unescape(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)).strip()


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_admin_index_names_the_models_in_chinese(client, editor, django_user_model):
    client.force_login(editor)
    listed = _models_listed(client.get("/admin/", headers=ZH).content.decode())
    assert listed == {
        "claim": "說法",
        "correction": "更正",
        "evidence": "證據",
        "externalreview": "其他機構的查核報告",
        "source": "來源",
        "speaker": "發言人",
        "topic": "議題",
    }
    # Partners and deliveries are a superuser's.
    client.force_login(django_user_model.objects.create_superuser("root", password="root-pw"))
    listed = _models_listed(client.get("/admin/", headers=ZH).content.decode())
    assert listed["partner"] == "合作機構" and listed["delivery"] == "通知發送"
    english = _models_listed(client.get("/admin/", headers=EN).content.decode())
    assert english["externalreview"] == "External reviews" and english["evidence"] == "Evidence"


def test_each_changelist_is_headed_by_its_models_chinese_name(client, editor, make_claim):
    client.force_login(editor)
    make_claim()
    headings = {
        model: _heading(client.get(f"/admin/claims/{model}/", headers=ZH).content.decode())
        for model in ("claim", "speaker", "source", "externalreview")
    }
    assert headings == {
        "claim": "選擇 說法 來修改",
        "speaker": "選擇 發言人 來修改",
        "source": "選擇 來源 來修改",
        "externalreview": "選擇 其他機構的查核報告 來修改",
    }
    page = client.get("/admin/claims/claim/", headers=EN).content.decode()
    assert _heading(page) == "Select claim to change"


def test_the_claim_form_names_and_explains_its_fields_in_chinese(client, editor, make_verdict):
    client.force_login(editor)
    claim = make_verdict()
    page = client.get(f"/admin/claims/claim/{claim.pk}/change/", headers=ZH).content.decode()
    for label in ("判定撰寫人", "發布時間", "建立時間", "更新時間", "網址代稱"):
        assert f"<label>{label}：</label>" in page or f">{label}：</label>" in page, label
    assert "留空的話，系統會自動產生。" in page  # the slug's help
    assert "說法最初出現的地方。" in page  # the source's
    # The evidence inline too.
    for label in ("次序", "立場", "網址", "標題", "發布機構", "摘錄", "存檔網址"):
        assert f"{label}：</label>" in page, label
    for english in ("Verdict written by", "Published at", "Left empty, it is made for you."):
        assert english not in page, english


def test_a_speakers_form_is_in_chinese(client, editor):
    client.force_login(editor)
    page = client.get("/admin/claims/speaker/add/", headers=ZH).content.decode()
    assert "名稱：</label>" in page and "簡介：</label>" in page and "身分參照：</label>" in page
    assert "可確切識別其身分的網頁：Wikidata 或官方網頁。" in page
    assert "Left empty" not in page


def test_a_refusal_of_the_workflow_comes_in_the_editors_language(client, editor, make_claim):
    client.force_login(editor)
    first = make_claim(text="稅項從未增加。", status="false")
    second = make_claim(text="Taxes never rose.", status="false")

    chinese = client.post(
        "/admin/claims/claim/",
        {"action": "publish", "_selected_action": [first.pk]},
        headers=ZH,
    )
    english = client.post(
        "/admin/claims/claim/",
        {"action": "publish", "_selected_action": [second.pk]},
        headers=EN,
    )

    assert _messages(chinese)[1] == (
        "1 項說法被拒：「稅項從未增加。」：已發布的判定須附有解釋判定的判定摘要。"
    )
    assert _messages(english)[-1] == (
        "1 claim refused: “Taxes never rose.”: A published verdict needs a summary explaining it."
    )
    assert not Claim.objects.published().exists()


def test_the_claim_form_refuses_in_chinese(client, reviewer, make_claim, form_data):
    client.force_login(reviewer)
    claim = make_claim(status="false")
    url = f"/admin/claims/claim/{claim.pk}/change/"
    data = form_data(client.get(url, headers=ZH))
    data.update(is_published="on", change_reason="查核完畢")

    page = client.post(url, data, headers=ZH).content.decode()

    assert "只有編輯可以發布或取消發布說法。" in page
    assert "已發布的判定須附有解釋判定的判定摘要。" in page
    assert "Only editors may" not in page
    english = client.post(url, data, headers=EN).content.decode()
    assert "Only editors may publish or unpublish a claim." in english
    assert not Claim.objects.published().exists()


def test_what_the_admin_records_stays_english_for_a_chinese_desk(client, editor, make_claim):
    client.force_login(editor)
    claim = make_claim()

    response = client.post(
        "/admin/claims/claim/",
        {"action": "mark_in_review", "_selected_action": [claim.pk]},
        headers=ZH,
    )

    assert _messages(response) == ["已把 1 項說法標示為查核中。"]
    assert claim.history.latest().history_change_reason == "Marked in review from the claim list"


def test_the_history_twins_are_named_in_the_readers_language():
    history = Claim.history.model._meta
    with translation.override("zh-hant"):
        assert str(history.verbose_name) == "說法的歷史版本"
    with translation.override("en"):
        assert str(history.verbose_name) == "historical claim"
        assert str(history.verbose_name_plural) == "historical claims"
