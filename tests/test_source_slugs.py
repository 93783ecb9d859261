"""
Sources are named by slugs in their own script, as speakers and topics are:
/sources/香港眾志聲明/, not /sources/12/ (issue 18). The id URL a link made
before answers with a permanent redirect; `?source=` takes either.
"""

import json
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Source, SourceKind


def test_a_source_is_named_by_its_title_in_its_own_script(make_source):
    traditional = make_source(title="國安法實施一周年 保安局聲明")
    simplified = make_source(title="国安法实施一周年")
    arabic = make_source(title="منظمة العفو الدولية تغلق مكتبيها في هونغ كونغ")
    mixed = make_source(title="Amnesty 國際特赦組織 to close")
    assert traditional.slug == "國安法實施一周年-保安局聲明"
    assert simplified.slug == "国安法实施一周年"
    assert arabic.slug == "منظمة-العفو-الدولية-تغلق-مكتبيها-في-هونغ-كونغ"
    assert mixed.slug == "amnesty-國際特赦組織-to-close"


def test_a_source_without_words_of_its_own_still_gets_words(make_source):
    by_url = make_source(title="", publisher="明報", url="https://www.rthk.hk/news/local/20211025")
    in_chinese = make_source(title="", url="https://zh.wikipedia.org/wiki/%E9%A6%99%E6%B8%AF")
    by_digits = make_source(title="2021", publisher="")
    not_known = Source.objects.create(kind=SourceKind.NOT_KNOWN)
    assert by_url.slug == "rthk-hk-news-local-20211025"
    assert in_chinese.slug == "zh-wikipedia-org-wiki-香港"
    assert by_digits.slug == "source-2021"
    assert not_known.slug == "source-not-known"


def test_sources_of_one_title_are_numbered_and_keep_their_slugs(make_source, editor):
    first, second, third = (
        make_source(title="保安局新聞稿", url=f"https://www.info.gov.hk/{n}") for n in range(3)
    )
    slugs = [first.slug, second.slug, third.slug]
    assert slugs == ["保安局新聞稿", "保安局新聞稿-2", "保安局新聞稿-3"]
    second.title = "保安局回應"
    second.save_recorded(reason="Title corrected", by=editor)
    second.refresh_from_db()
    assert second.slug == "保安局新聞稿-2"  # URLs are permanent


def test_the_source_page_answers_at_its_slug_percent_encoded(client, make_verdict, make_source):
    source = make_source(title="國際特赦組織關閉香港辦事處")
    claim = make_verdict(source=source)
    url = source.get_absolute_url()
    assert url == "/sources/" + quote("國際特赦組織關閉香港辦事處") + "/"
    response = client.get(url)
    assert response.status_code == 200
    assert claim.text in response.content.decode()
    # The claim's page links to it.
    assert url in client.get(claim.get_absolute_url()).content.decode()


def test_the_old_id_address_redirects_permanently(client, make_verdict, make_source, make_claim):
    claim = make_verdict(source=make_source(title="立法會會議紀錄"))
    response = client.get(f"/sources/{claim.source.pk}/")
    assert response.status_code == 301
    assert response["Location"] == claim.source.get_absolute_url()
    # A source with drafts alone is not public under either address.
    draft = make_claim(source=make_source(title="未發表"))
    assert client.get(f"/sources/{draft.source.pk}/").status_code == 404
    assert client.get(draft.source.get_absolute_url()).status_code == 404


def test_the_list_and_the_api_filter_by_slug_or_old_id(client, make_verdict, make_source):
    source = make_source(title="政府新聞公報")
    mine = make_verdict(source=source)
    other = make_verdict()
    for value in (source.slug, str(source.pk)):
        page = client.get(reverse("claims:list"), {"source": value}).content.decode()
        assert mine.text in page and other.text not in page
        body = client.get("/api/claims/", {"source": value}).json()
        assert [item["slug"] for item in body["items"]] == [mine.slug]
    detail = client.get(f"/api/claims/{quote(mine.slug)}/").json()
    assert detail["source"]["slug"] == source.slug
    assert detail["source"]["page_url"].endswith(quote(source.slug) + "/")


def test_an_import_names_its_sources_in_a_constant_number_of_queries(import_claims, write_file):
    header = "claim_text,speaker_name,source_title,source_url,said_on\n"

    def rows(count, offset):
        # One title for every source, as a desk's feed of one publisher's
        # press releases has: the slugs must be numbered, not refused.
        return "".join(
            f"說法第{n}號,保安局,保安局新聞稿,https://www.info.gov.hk/gia/{n}.htm,2021-10-25\n"
            for n in range(offset, offset + count)
        )

    def slug_reads(name, count, offset):
        """The queries reading sources' slugs, and the queries in all."""
        path = write_file(name, header + rows(count, offset))
        with CaptureQueriesContext(connection) as queries:
            import_claims(path)
        sql = [query["sql"] for query in queries.captured_queries]
        return sum(s.startswith('SELECT "claims_source"."slug"') for s in sql), len(sql)

    assert slug_reads("small.csv", 10, 0)[0] == 1
    # The 300 rows' sources share one base taken ten times already: still one
    # read, not one per slug tried (and SQLite splits the inserts by size alone).
    reads, queries = slug_reads("large.csv", 300, 10)
    assert reads == 1
    assert queries < 60
    slugs = set(Source.objects.values_list("slug", flat=True))
    assert len(slugs) == 310
    assert "保安局新聞稿" in slugs and "保安局新聞稿-310" in slugs


FIXTURE_WITHOUT_SLUGS = [
    {
        "model": "claims.source",
        "fields": {
            "title": "國安法下的人權",
            "publisher": "立場新聞",
            "url": "https://www.standnews.com/a/1",
            "kind": "news_article",
            "language": "zh-Hant",
        },
    },
    {
        "model": "claims.source",
        "fields": {
            "title": "國安法下的人權",
            "publisher": "眾新聞",
            "url": "https://www.hkcnews.com/a/2",
            "kind": "news_article",
            "language": "zh-Hant",
        },
    },
]


def test_a_fixture_written_before_sources_had_slugs_loads(db, tmp_path):
    path = tmp_path / "old-sources.json"
    path.write_text(json.dumps(FIXTURE_WITHOUT_SLUGS, ensure_ascii=False), encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0)
    slugs = ["國安法下的人權", "國安法下的人權-2"]
    assert sorted(Source.objects.values_list("slug", flat=True)) == slugs
    records = Source.history.count()
    # Loaded again, each keeps its slug, and nothing new is recorded.
    call_command("loaddata", str(path), verbosity=0)
    assert sorted(Source.objects.values_list("slug", flat=True)) == slugs
    assert Source.history.count() == records


def test_dumped_sources_load_back_with_their_slugs(db, tmp_path, make_source):
    source = make_source(title="東方日報社論")
    path = tmp_path / "sources.json"
    call_command("dumpdata", "claims.source", "--natural-foreign", "-o", str(path), verbosity=0)
    Source.objects.all().delete()
    call_command("loaddata", str(path), verbosity=0)
    assert Source.objects.get(url=source.url).slug == "東方日報社論"


def test_the_admin_shows_a_saved_sources_slug_without_letting_it_change(admin_client, make_source):
    source = make_source(title="明報社評")
    page = admin_client.get(reverse("admin:claims_source_change", args=[source.pk]))
    assert page.status_code == 200
    assert "slug" not in page.context["adminform"].form.fields
    assert "明報社評" in page.content.decode()
    add = admin_client.get(reverse("admin:claims_source_add"))
    assert "slug" in add.context["adminform"].form.fields


@pytest.mark.django_db(transaction=True)
def test_the_migration_names_every_saved_source_and_its_history():
    before, after = ("claims", "0019_unattributed_speakers"), ("claims", "0020_source_slugs")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    OldSource = old.get_model("claims", "Source")
    OldHistory = old.get_model("claims", "HistoricalSource")
    made = [
        OldSource.objects.create(title="保安局新聞稿", url="https://www.info.gov.hk/1"),
        OldSource.objects.create(title="保安局新聞稿", url="https://www.info.gov.hk/2"),
        OldSource.objects.create(title="", publisher="", url="https://twitter.com/hkgov/1"),
        OldSource.objects.create(kind="not_known"),
        OldSource.objects.create(title="Report 2", url="https://example.org/1"),
        OldSource.objects.create(title="Report", url="https://example.org/2"),
        OldSource.objects.create(title="Report", url="https://example.org/3"),
    ]
    for source in made:
        OldHistory.objects.create(
            id=source.pk,
            title=source.title,
            url=source.url,
            kind=source.kind,
            history_date="2021-10-25T00:00:00Z",
            history_type="+",
        )
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([after])
        new = executor.loader.project_state([after]).apps
        slugs = dict(new.get_model("claims", "Source").objects.values_list("pk", "slug"))
        assert [slugs[source.pk] for source in made] == [
            "保安局新聞稿",
            "保安局新聞稿-2",
            "twitter-com-hkgov-1",
            "source-not-known",
            "report-2",
            "report",
            "report-3",
        ]
        history = new.get_model("claims", "HistoricalSource").objects.values_list("id", "slug")
        assert dict(history) == slugs
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_one_import_whose_titles_number_into_each_other_gets_unique_slugs(
    import_claims, write_file
):
    # "Report 2" takes report-2, which the second "Report" would take next.
    header = "claim_text,speaker_name,source_title,source_url,said_on\n"
    rows = [
        ("說法一", "甲", "Report 2", "https://example.org/a"),
        ("說法二", "乙", "Report", "https://example.org/b"),
        ("說法三", "丙", "Report", "https://example.org/c"),
        ("說法 2", "丁", "2021", "https://example.org/d"),
        ("說法", "戊", "2021", "https://example.org/e"),
        ("說法", "己", "2021", "https://example.org/f"),
    ]
    body = "".join(f"{row[0]},{row[1]},{row[2]},{row[3]},2021-10-25\n" for row in rows)
    import_claims(write_file("numbered.csv", header + body))
    slugs = dict(Source.objects.values_list("url", "slug"))
    assert [slugs[row[3]] for row in rows] == [
        "report-2",
        "report",
        "report-3",
        "source-2021",
        "source-2021-2",
        "source-2021-3",
    ]
    from claims.models import Claim

    claim_slugs = [Claim.objects.get(speaker__name=row[1]).slug for row in rows]
    assert claim_slugs == ["說法一", "說法二", "說法三", "說法-2", "說法", "說法-3"]


def test_another_desks_fixture_never_takes_or_changes_a_slug_here(db, tmp_path, make_source):
    ours = make_source(title="保安局新聞稿", url="https://www.info.gov.hk/ours")
    theirs = [
        # Another source, with the slug ours has here.
        {
            "model": "claims.source",
            "fields": {
                "title": "保安局新聞稿",
                "url": "https://www.info.gov.hk/theirs",
                "slug": "保安局新聞稿",
                "kind": "news_article",
                "language": "zh-Hant",
            },
        },
        # Ours, under another slug there.
        {
            "model": "claims.source",
            "fields": {
                "title": "保安局新聞稿",
                "url": ours.url,
                "slug": "their-name",
                "kind": "news_article",
                "language": "zh-Hant",
            },
        },
    ]
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps(theirs, ensure_ascii=False), encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0)
    slugs = dict(Source.objects.values_list("url", "slug"))
    assert slugs == {ours.url: "保安局新聞稿", "https://www.info.gov.hk/theirs": "保安局新聞稿-2"}


def test_a_fixtures_own_slugs_and_the_slugs_made_for_it_never_collide(db, tmp_path):
    def source(title, url, **slug):
        fields = {"title": title, "url": url, "kind": "news_article", "language": "en"}
        return {"model": "claims.source", "fields": fields | slug}

    fixture = [
        source("Report", "https://example.org/1"),
        source("Other", "https://example.org/2", slug="report-2"),
        source("Report", "https://example.org/3"),
        source("Numbers", "https://example.org/4", slug="2021"),
    ]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(fixture), encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0)
    slugs = dict(Source.objects.values_list("url", "slug"))
    assert [slugs[f"https://example.org/{n}"] for n in range(1, 5)] == [
        "report",
        "report-2",
        "report-3",
        "numbers",
    ]
