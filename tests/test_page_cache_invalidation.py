"""
A change reaches the pages that show it on the next request, and leaves
every other page in the cache (claims/caching.py, docs/page-cache.md): the
pages of a claim, its speaker, source and topics, the lists, feed, sitemap
and API, whatever made the change.
"""

import json
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.urls import reverse

from claims import caching
from claims.caching import page_key, version_key
from claims.models import Claim, Correction, Evidence, ExternalReview, Topic
from tests.interchange_samples import HEADER, csv_row


@pytest.fixture
def desk(make_verdict, make_speaker, make_source, make_topic, make_editor, editor):
    """
    Two published verdicts with nothing in common: `shown` changes, `other`
    must not. A second editor has approved, beforehand, the verdicts Erin
    re-rates them to here: she writes those, so her own act is no sign-off.
    """
    shown = make_verdict(
        text="香港的失業率在一年內翻了一倍。",
        speaker=make_speaker(name="陳美玲"),
        summary="统计处的数字显示失业率上升了百分之十。",
    )
    other = make_verdict(
        text="معدل البطالة انخفض إلى النصف",
        speaker=make_speaker(name="أحمد منصور"),
        summary="تظهر الأرقام عكس ذلك.",
    )
    shown.set_topics([make_topic(name="勞工")], reason="Tagged", by=editor)
    other.set_topics([make_topic(name="الاقتصاد")], reason="Tagged", by=editor)
    second = make_editor()
    shown.approve(by=second, status="mostly_false", summary=shown.summary)  # re_rate
    shown.approve(by=second, status=shown.status, summary="失業率只上升了一成。")  # rewrite_summary
    shown.approve(by=second, status="true", summary=shown.summary)
    other.approve(by=second, status="true", summary=other.summary)
    return shown, other


def pages_of(claim):
    """The cached pages that show `claim` and nothing of another claim here."""
    claim = Claim.objects.get(pk=claim.pk)
    return [
        claim.get_absolute_url(),
        claim.get_history_url(),
        claim.speaker.get_absolute_url(),
        claim.source.get_absolute_url(),
        *(topic.get_absolute_url() for topic in claim.topics.all()),
        reverse("api:claim", args=[claim.slug]),
    ]


LISTS = ["/claims/", "/feeds/claims/", "/sitemap.xml", "/sitemap-claims.xml", "/api/claims/"]


def visit(client, urls):
    for url in urls:
        assert client.get(url).status_code == 200, url


def assert_from_the_cache(client, urls, django_assert_num_queries):
    for url in urls:
        # One get_many from the cache, and no query, to serve a page still fresh.
        with django_assert_num_queries(0, info=url):
            response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Page-Cache"] == "hit", url


def shown_text(response):
    """
    The response's text as a reader sees it: JSON with its escapes read, and
    the percent-encoded links of a page in a Unicode slug decoded.
    """
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return unquote(response.content.decode())


def assert_built_afresh(client, urls, text):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response, url
        assert text in shown_text(response), url


@pytest.fixture
def warmed(client, desk):
    shown, other = desk
    visit(client, pages_of(shown) + pages_of(other) + LISTS)
    return shown, other


def rewrite_text(claim, editor):
    claim.text = "香港的失業率在一年內上升了一成。"
    claim.save_recorded(reason="Quoted wrongly", by=editor, update_fields=["text"])
    return claim.text, [*pages_of(claim), "/claims/", "/feeds/claims/", "/api/claims/"]


def re_rate(claim, editor):
    claim.rate("mostly_false", reason="New figures", by=editor)
    return "Mostly false", [*pages_of(claim), "/claims/", "/feeds/claims/"]


def rewrite_summary(claim, editor):
    claim.rate(claim.status, reason="Clearer", by=editor, summary="失業率只上升了一成。")
    return "失業率只上升了一成。", [claim.get_absolute_url(), "/feeds/claims/"]


def add_evidence(claim, editor):
    Evidence(
        claim=claim, url="https://stats.example.org/2024", title="政府統計處 2024 年報告"
    ).save_recorded(reason="Found the report", by=editor)
    return "政府統計處 2024 年報告", [claim.get_absolute_url()]


def retag(claim, editor):
    claim.set_topics([Topic.objects.create(name="住房")], reason="Refiled", by=editor)
    return "住房", [claim.get_absolute_url(), "/claims/"]


def rename_speaker(claim, editor):
    speaker = claim.speaker
    speaker.name = "陳美玲 (前局長)"
    speaker.save_recorded(reason="Left office", by=editor)
    return "陳美玲 (前局長)", [*pages_of(claim), "/claims/", "/feeds/claims/"]


def edit_source(claim, editor):
    source = claim.source
    source.title = "明報 失業率創新高"
    source.save_recorded(reason="Headline as printed", by=editor)
    return "明報 失業率創新高", [claim.get_absolute_url(), claim.source.get_absolute_url()]


def add_external_review(claim, editor):
    ExternalReview(
        claim=claim,
        publisher_name="AFP 事實查核",
        url="https://factcheck.afp.com/zh-hant/unemployment",
        label="錯誤",
        mapped_status="false",
    ).save_recorded(reason="Another desk checked it", by=editor)
    return "AFP 事實查核", [claim.get_absolute_url()]


def correct(claim, editor):
    claim.issue_correction(Correction.Kind.CORRECTION, "更正 數字來自 2023 年。", by=editor)
    return "更正 數字來自 2023 年。", [claim.get_absolute_url()]


@pytest.mark.parametrize(
    "change",
    [
        rewrite_text,
        re_rate,
        rewrite_summary,
        add_evidence,
        retag,
        rename_speaker,
        edit_source,
        add_external_review,
        correct,
    ],
)
def test_a_change_shows_where_the_claim_is_shown_and_nowhere_else_is_rebuilt(
    client, warmed, editor, change, django_assert_num_queries
):
    shown, other = warmed

    text, showing = change(Claim.objects.get(pk=shown.pk), editor)

    assert_built_afresh(client, showing, text)
    assert_from_the_cache(client, pages_of(other), django_assert_num_queries)


def test_a_claim_moved_to_another_speaker_leaves_the_first_speakers_page(
    client, warmed, editor, make_speaker
):
    shown, _ = warmed
    first_speaker = shown.speaker.get_absolute_url()
    claim = Claim.objects.get(pk=shown.pk)
    claim.speaker = make_speaker(name="Ravi Shankar रवि शंकर")
    claim.save_recorded(reason="Misattributed", by=editor, update_fields=["speaker"])

    assert shown.text not in client.get(first_speaker).content.decode()
    assert_built_afresh(client, [claim.speaker.get_absolute_url()], shown.text)
    assert_built_afresh(client, [shown.get_absolute_url()], "Ravi Shankar रवि शंकर")


def test_a_deletion_shows_on_the_next_request(client, warmed, editor, django_assert_num_queries):
    shown, other = warmed
    evidence = shown.evidence.get()
    title = f"{evidence.title}</a>"
    assert title in client.get(shown.get_absolute_url()).content.decode()

    evidence._change_reason = "Wrong report"
    evidence.delete()

    assert title not in client.get(shown.get_absolute_url()).content.decode()
    assert_from_the_cache(client, pages_of(other), django_assert_num_queries)


def test_an_unpublished_claim_leaves_every_page_it_was_on(client, warmed, editor):
    shown, _ = warmed
    urls = pages_of(shown)
    Claim.objects.get(pk=shown.pk).unpublish(reason="Under review again", by=editor)

    assert client.get(urls[0]).status_code == 404
    for url in ["/claims/", "/feeds/claims/", "/api/claims/"]:
        assert shown.text not in shown_text(client.get(url)), url


def test_a_new_claim_shows_on_the_lists_and_leaves_other_claims_pages_cached(
    client, warmed, make_claim, django_assert_num_queries
):
    _, other = warmed
    new = make_claim(text="新聞處說 本港空氣質素有所改善。", published=True)

    for url in ["/claims/", "/feeds/claims/", "/api/claims/", "/sitemap-claims.xml"]:
        assert new.slug in shown_text(client.get(url)), url
    assert_from_the_cache(client, pages_of(other), django_assert_num_queries)


def test_a_drafts_edits_rebuild_no_page(
    client, warmed, make_claim, editor, django_assert_num_queries
):
    shown, other = warmed
    draft = make_claim(text="草稿 尚未核實。")
    draft.summary = "Still checking"
    draft.save_recorded(reason="Notes", by=editor)

    assert_from_the_cache(
        client, pages_of(shown) + pages_of(other) + LISTS, django_assert_num_queries
    )


def test_an_import_shows_on_the_next_request(
    client, warmed, import_claims, write_file, django_assert_num_queries
):
    _, other = warmed
    path = write_file(
        "desk.csv",
        HEADER + csv_row(external_id="hk-9", claim_text="九龍的租金下降了三成。", status="false"),
    )
    import_claims(path)
    imported = Claim.objects.get(external_id="hk-9")
    imported.publish(by=None)

    assert "九龍的租金下降了三成。" in client.get("/claims/").content.decode()
    assert_from_the_cache(client, pages_of(other), django_assert_num_queries)


def test_a_fixture_loaded_over_a_claim_shows_on_the_next_request(
    client, warmed, tmp_path, django_assert_num_queries
):
    shown, other = warmed
    path = tmp_path / "claim.json"
    call_command(
        "dumpdata", "claims.claim", f"--pks={shown.pk}", "--natural-foreign", f"--output={path}"
    )
    fixture = json.loads(path.read_text(encoding="utf-8"))
    fixture[0]["fields"]["summary"] = "由夾具載入的更正摘要。"
    path.write_text(json.dumps(fixture, ensure_ascii=False), encoding="utf-8")

    call_command("loaddata", str(path), verbosity=0)

    assert "由夾具載入的更正摘要。" in client.get(shown.get_absolute_url()).content.decode()
    assert_from_the_cache(client, pages_of(other), django_assert_num_queries)


def test_a_lost_version_rebuilds_its_pages_never_serving_an_old_copy(client, warmed):
    shown, _ = warmed
    url = shown.get_absolute_url()
    # The claim's row changed behind the ledger's back: only a rebuild shows it.
    Claim._base_manager.filter(pk=shown.pk).update(summary="只有重建才會看到。")

    cache.delete(version_key(f"claim:{shown.slug}"))  # evicted, or Redis restarted

    assert "只有重建才會看到。" in client.get(url).content.decode()


def test_an_etag_held_for_a_changed_page_gets_the_page_and_one_for_another_a_304(
    client, warmed, editor
):
    shown, other = warmed
    held = {url: client.get(url)["ETag"] for url in pages_of(shown) + pages_of(other)}

    Claim.objects.get(pk=shown.pk).rate("true", reason="New figures", by=editor)

    for url in pages_of(shown)[:3]:
        response = client.get(url, headers={"If-None-Match": held[url]})
        assert response.status_code == 200, url
        assert response["ETag"] != held[url]
        assert not response.cookies
    for url in pages_of(other):
        response = client.get(url, headers={"If-None-Match": held[url]})
        assert response.status_code == 304, url
        assert not response.cookies and "Set-Cookie" not in response.headers


def test_a_write_succeeds_when_the_cache_does_not_answer(desk, editor, settings, caplog):
    shown, _ = desk
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    Claim.objects.get(pk=shown.pk).rate("true", reason="New figures", by=editor)

    assert Claim.objects.get(pk=shown.pk).status == "true"
    assert "Page versions could not be moved" in caplog.text


def test_a_page_rebuilt_before_the_writer_commits_is_not_kept_after(
    client, warmed, editor, django_capture_on_commit_callbacks
):
    shown, _ = warmed
    url = shown.get_absolute_url()
    stale = client.get(url)

    with django_capture_on_commit_callbacks() as on_commit:
        Claim.objects.get(pk=shown.pk).rate("true", reason="New figures", by=editor)
    # Meanwhile another process, reading the rows as they were before the
    # commit, rebuilt the page and stored it under the versions it read.
    versions = cache.get_many([version_key("all"), version_key(f"claim:{shown.slug}")])
    cache.set(
        page_key(stale.wsgi_request),
        (
            [versions[version_key("all")], versions[version_key(f"claim:{shown.slug}")]],
            HttpResponse(stale.content),
        ),
    )
    assert client.get(url)["X-Page-Cache"] == "hit"

    for callback in on_commit:  # the commit
        callback()

    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "True" in response.content.decode() and response.content != stale.content


def test_when_a_stale_page_is_being_rebuilt_the_others_wait_for_it(
    client, warmed, editor, monkeypatch, django_assert_num_queries
):
    shown, _ = warmed
    url = shown.get_absolute_url()
    key = page_key(client.get(url).wsgi_request)
    Claim.objects.get(pk=shown.pk).rate("true", reason="New figures", by=editor)
    cache.add(f"{key}:building", 1)  # another process is rebuilding it

    def another_process_stores_its_page(seconds):
        names = [version_key("all"), version_key(f"claim:{shown.slug}")]
        versions = cache.get_many(names)
        cache.set(key, ([versions[name] for name in names], HttpResponse("rebuilt elsewhere")))
        cache.delete(f"{key}:building")

    monkeypatch.setattr(caching.time, "sleep", another_process_stores_its_page)
    # The page the other process built, and no query of this one's.
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.content == b"rebuilt elsewhere"


def test_a_rebuild_that_never_comes_is_waited_for_briefly_then_done_here(
    client, warmed, editor, monkeypatch
):
    shown, _ = warmed
    url = shown.get_absolute_url()
    key = page_key(client.get(url).wsgi_request)
    Claim.objects.get(pk=shown.pk).rate("true", reason="New figures", by=editor)
    cache.add(f"{key}:building", 1)  # a process that died while rebuilding it
    waited = []
    monkeypatch.setattr(caching, "LOCK_WAIT", 0.05)
    monkeypatch.setattr(caching.time, "sleep", waited.append)
    clock = iter(range(1000))
    monkeypatch.setattr(caching.time, "monotonic", lambda: next(clock) * 0.01)

    response = client.get(url)

    assert "True" in response.content.decode() and "X-Page-Cache" not in response
    assert 1 <= len(waited) <= 6


def test_the_deploy_check_warns_of_a_page_cache_each_process_keeps_alone(settings):
    from django.core import checks

    def warnings():
        return {message.id for message in checks.run_checks(include_deployment_checks=True)}

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "claims.W002" in warnings()
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://x:6379/0"}
    }
    assert "claims.W002" not in warnings()


def test_a_rebuilt_list_renders_again_only_the_rows_of_claims_that_changed(
    client, warmed, editor
):
    shown, other = warmed
    # Behind the ledger's back, so only a row rendered afresh would show it.
    Claim._base_manager.filter(pk=other.pk).update(text="الرقم الجديد لم يُسجَّل")

    Claim.objects.get(pk=shown.pk).rate("true", reason="New figures", by=editor)
    page = client.get("/claims/").content.decode()

    assert 'class="status status-true"' in page  # the changed claim's row, rendered again
    assert other.text in page and "الرقم الجديد لم يُسجَّل" not in page  # the other's, kept
    Claim.objects.get(pk=other.pk).rate("true", reason="New figures", by=editor)
    assert "الرقم الجديد لم يُسجَّل" in client.get("/claims/").content.decode()
