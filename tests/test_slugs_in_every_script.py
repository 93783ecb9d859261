"""
Slugs in any script: a claim, speaker or topic in Chinese, Arabic or mixed
text gets a readable slug of its own words, unique, kept by later saves, and
found in a constant number of queries however many rows share its words.
"""

import json
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Source, Speaker, Topic
from tests.interchange_samples import HEADER, csv_row

# With a fullwidth comma (U+FF0C), as Chinese is typed.
TRADITIONAL = "國安法實施後\uff0c香港的人權狀況急劇惡化。"
SIMPLIFIED = "国安法实施后\uff0c香港的人权状况急剧恶化。"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ARABIC = "لم يكن هناك أي تهديد مباشر لمكاتب منظمة العفو في هونغ كونغ"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (TRADITIONAL, "國安法實施後香港的人權狀況急劇惡化"),
        (SIMPLIFIED, "国安法实施后香港的人权状况急剧恶化"),
        (ARABIC, "لم-يكن-هناك-أي-تهديد-مباشر-لمكاتب-منظمة-العفو-في-هونغ-كونغ"),
        (
            "Amnesty 國際特赦組織 closes its 香港 office",
            "amnesty-國際特赦組織-closes-its-香港-office",
        ),
    ],
)
def test_a_claim_gets_a_slug_of_its_own_words_in_their_script(make_claim, text, slug):
    assert make_claim(text=text).slug == slug


def test_the_same_words_again_get_the_next_number_and_keep_it(make_claim, make_source):
    first, second, third = (make_claim(text=TRADITIONAL) for _ in range(3))

    assert [first.slug, second.slug, third.slug] == [
        "國安法實施後香港的人權狀況急劇惡化",
        "國安法實施後香港的人權狀況急劇惡化-2",
        "國安法實施後香港的人權狀況急劇惡化-3",
    ]
    second.text = SIMPLIFIED
    second.context = "在立法會上"
    second.save_recorded(reason="Quoted as printed")
    second.refresh_from_db()
    assert second.slug == "國安法實施後香港的人權狀況急劇惡化-2"


def test_speakers_and_topics_get_readable_slugs_never_digits_alone(make_speaker, make_topic):
    assert make_speaker(name="發言人12").slug == "發言人12"
    assert make_speaker(name="发言人12").slug == "发言人12"
    assert make_speaker(name="12").slug == "speaker-12"
    assert make_speaker(name="2021").slug == "speaker-2021"
    assert make_speaker(name="منظمة العفو الدولية").slug == "منظمة-العفو-الدولية"
    assert make_topic(name="人權").slug == "人權"
    assert make_topic(name="人權!").slug == "人權-2"
    assert make_topic(name="حقوق الإنسان").slug == "حقوق-الإنسان"


def test_a_text_without_a_word_is_named_by_its_characters(make_claim):
    assert make_claim(text="🔥!").slug == "fire-exclamation-mark"
    assert make_claim(text="🔥!!").slug == "fire-exclamation-mark-exclamation-mark"


def test_an_old_slug_is_not_given_to_a_new_claim(make_claim, editor):
    renamed = make_claim(text="香港人權", published=True)
    renamed.change_slug("香港人權狀況", reason="A clearer URL", by=editor)

    newcomer = make_claim(text="香港人權")

    assert newcomer.slug == "香港人權-2"
    assert Claim.objects.published().moved_from("香港人權") == "香港人權狀況"


def test_imported_rows_get_slugs_in_their_script(import_claims, write_file, make_claim):
    make_claim(text=TRADITIONAL)
    rows = "".join(
        csv_row(
            external_id=f"hk-{number}",
            claim_text=TRADITIONAL,
            speaker_name="發言人12",
            source_url=f"https://news.example.hk/{number}",
            topics="人權;國安法",
        )
        for number in range(3)
    ) + csv_row(external_id="ar-1", claim_text=ARABIC, speaker_name="12", topics="حقوق الإنسان")

    import_claims(write_file("claims.csv", HEADER + rows))

    base = "國安法實施後香港的人權狀況急劇惡化"
    assert list(Claim.objects.order_by("pk").values_list("slug", flat=True)) == [
        base,
        f"{base}-2",
        f"{base}-3",
        f"{base}-4",
        "لم-يكن-هناك-أي-تهديد-مباشر-لمكاتب-منظمة-العفو-في-هونغ-كونغ",
    ]
    assert set(Speaker.objects.values_list("slug", flat=True)) >= {"發言人12", "speaker-12"}
    assert set(Topic.objects.values_list("slug", flat=True)) == {"人權", "國安法", "حقوق-الإنسان"}


def _import_twins(import_claims, write_file, count):
    """`count` claims of one common text, each from its own source."""
    rows = "".join(
        csv_row(
            external_id=f"hk-{number}",
            claim_text="香港",
            source_url=f"https://news.example.hk/{number}",
        )
        for number in range(count)
    )
    import_claims(write_file("twins.csv", HEADER + rows))


def test_the_thousandth_claim_of_a_common_text_saves_in_the_queries_of_the_first(
    import_claims, write_file, make_speaker, make_source, django_assert_num_queries
):
    speaker = make_speaker()

    def save():
        claim = Claim(text="香港", speaker=speaker, source=make_source())
        with CaptureQueriesContext(connection) as queries:
            claim.save_recorded(reason="Created by a test")
        return claim, len(queries)

    first, first_queries = save()
    _import_twins(import_claims, write_file, 998)
    source = make_source()
    thousandth = Claim(text="香港", speaker=speaker, source=source)
    # The taken slugs (one query, with the old slugs), the claim, its
    # history record and its ledger entries: as many as for the first.
    with django_assert_num_queries(first_queries):
        thousandth.save_recorded(reason="Created by a test")

    assert first.slug == "香港"
    assert thousandth.slug == "香港-1000"
    assert Claim.objects.filter(text="香港").count() == 1000


def test_the_admin_adds_the_thousandth_claim_in_the_queries_of_the_first(
    admin_client, form_data, import_claims, write_file, make_speaker, make_source,
    django_assert_num_queries,
):
    url = reverse("admin:claims_claim_add")
    data = form_data(admin_client.get(url))
    speaker = make_speaker()

    def add():
        data.update(text="香港", speaker=speaker.pk, source=make_source().pk)
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.post(url, data)
        assert response.status_code == 302
        return len(queries)

    first_queries = add()
    _import_twins(import_claims, write_file, 998)
    data.update(text="香港", speaker=speaker.pk, source=make_source().pk)
    with django_assert_num_queries(first_queries):
        assert admin_client.post(url, data).status_code == 302

    assert Claim.objects.order_by("-pk").first().slug == "香港-1000"


def test_a_percent_encoded_url_resolves_and_links_are_encoded(client, make_claim, make_topic):
    claim = make_claim(text="香港人權", published=True)
    topic = make_topic(name="國安法")
    claim.set_topics([topic], reason="Filed", by=None)

    assert claim.get_absolute_url() == f"/claims/{quote('香港人權')}/"
    for url in (
        claim.get_absolute_url(),
        claim.get_history_url(),
        claim.speaker.get_absolute_url(),
        topic.get_absolute_url(),
        f"/api/claims/{quote('香港人權')}/",
    ):
        assert "%E9%A6%99" in url or "%E5%9C%8B" in url or "speakers" in url
        assert client.get(url).status_code == 200, url


def test_a_renamed_chinese_claim_redirects_to_its_encoded_url(client, make_claim, editor):
    claim = make_claim(text="香港人權", published=True)
    claim.change_slug("香港的人權", reason="A clearer URL", by=editor)

    response = client.get(f"/claims/{quote('香港人權')}/")

    assert response.status_code == 301
    assert response["Location"] == f"/claims/{quote('香港的人權')}/"


def test_sitemap_feed_json_ld_and_api_carry_encoded_urls(client, make_verdict, settings):
    settings.LEDGER_SITE_URL = "https://factcheck.example.hk"
    claim = make_verdict(text="香港人權")
    url = f"https://factcheck.example.hk/claims/{quote('香港人權')}/"

    sitemap = client.get("/sitemap-claims.xml").content.decode()
    feed = client.get(reverse("claims:feed")).content.decode()
    page = client.get(claim.get_absolute_url()).content.decode()
    (item,) = client.get("/api/claims/").json()["items"]
    review = json.loads(JSON_LD.search(page)[1])

    assert f"<loc>{url}</loc>" in sitemap
    assert f'href="{url}"' in feed and "香港人權" in feed  # the link encoded, the title as written
    assert "/claims/香港人權/" not in sitemap + feed
    assert review["url"] == url
    assert review["claimReviewed"] == "香港人權"
    assert (item["slug"], item["url"]) == ("香港人權", url)


def _a_stale_read_once(monkeypatch, model):
    """
    The taken slugs read as another process's save saw them a moment before
    it committed one: the first read misses the slug it is about to take.
    """
    real = model.taken_slugs.__func__
    reads = []

    def taken_slugs(cls, bases):
        reads.append(bases)
        return [] if len(reads) == 1 else real(cls, bases)

    monkeypatch.setattr(model, "taken_slugs", classmethod(taken_slugs))
    return reads


def test_a_slug_taken_meanwhile_by_another_save_is_retried_not_a_server_error(
    admin_client, make_speaker, make_source, monkeypatch
):
    first = Claim(text=TRADITIONAL, speaker=make_speaker(), source=make_source())
    first.save_recorded(reason="Created by a test")
    reads = _a_stale_read_once(monkeypatch, Claim)
    second = Claim(text=TRADITIONAL, speaker=make_speaker(), source=make_source())
    second.save_recorded(reason="Created by a test")
    assert len(reads) == 2
    assert second.slug == f"{first.slug}-2"
    assert second.history.count() == 1
    # Through the admin, the same for a topic: saved under the next number, no 500.
    Topic.objects.create(name="人權", slug="人權-組織")
    _a_stale_read_once(monkeypatch, Topic)
    Topic.objects.create(name="人權 組織")
    assert set(Topic.objects.values_list("slug", flat=True)) == {"人權-組織", "人權-組織-2"}
    _a_stale_read_once(monkeypatch, Speaker)
    taken = make_speaker(name="保安局 發言人", slug="保安局-發言人-x")
    response = admin_client.post(
        reverse("admin:claims_speaker_add"),
        {"name": "保安局-發言人-x", "kind": "organisation", "slug": ""},
    )
    assert response.status_code == 302
    assert Speaker.objects.get(name="保安局-發言人-x").slug == f"{taken.slug}-2"


def test_a_unique_failure_that_is_not_the_slug_still_fails(make_source):
    from django.db import IntegrityError, transaction

    source = make_source(title="政府新聞公報")
    with pytest.raises(IntegrityError), transaction.atomic():
        # The same URL: the source's unique URL refuses it, and no retry hides that.
        Source(title="另一個標題", url=source.url).save()
