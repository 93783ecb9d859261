"""
The admin's speakers and topics follow the model's slug rule: left empty, a
slug is made (never digits alone, a namesake numbered); typed, it is checked;
saved, it is the page's permanent address and is not edited again.
"""

from django.urls import reverse

from claims.models import Speaker, Topic


def add(admin_client, form_data, model, **fields):
    url = reverse(f"admin:claims_{model}_add")
    data = form_data(admin_client.get(url))
    data.update(fields)
    return admin_client.post(url, data)


def test_the_add_form_fills_in_no_slug_for_the_browser_to_keep(admin_client):
    page = admin_client.get(reverse("admin:claims_speaker_add")).content.decode()
    assert 'data-prepopulated-fields="[]"' in page


def test_a_speaker_named_by_digits_and_a_namesake_get_the_models_slugs(admin_client, form_data):
    assert add(admin_client, form_data, "speaker", name="12", slug="").status_code == 302
    assert add(admin_client, form_data, "speaker", name="發言人12", slug="").status_code == 302
    assert add(admin_client, form_data, "speaker", name="發言人12!", slug="").status_code == 302
    assert sorted(Speaker.objects.values_list("slug", flat=True)) == [
        "speaker-12", "發言人12", "發言人12-2",
    ]


def test_a_topic_like_a_taken_one_is_numbered_not_refused(admin_client, form_data):
    assert add(admin_client, form_data, "topic", name="人權", slug="").status_code == 302
    assert add(admin_client, form_data, "topic", name="人權!", slug="").status_code == 302
    assert add(admin_client, form_data, "topic", name="حقوق الإنسان", slug="").status_code == 302
    assert sorted(Topic.objects.values_list("slug", flat=True)) == [
        "حقوق-الإنسان", "人權", "人權-2",
    ]


def test_a_typed_slug_of_digits_alone_is_refused_and_says_why(admin_client, form_data):
    response = add(admin_client, form_data, "speaker", name="保安局發言人", slug="34")
    assert response.status_code == 200
    assert "“34” has no letter" in response.content.decode()
    assert not Speaker.objects.exists()

    response = add(admin_client, form_data, "speaker", name="保安局發言人", slug="保安局")
    assert response.status_code == 302
    assert Speaker.objects.get().slug == "保安局"


def test_a_claims_typed_slug_of_digits_alone_is_refused(admin_client, form_data, make_claim):
    claim = make_claim(text="國安法保障人權")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(admin_client.get(url))
    data.update(slug="123", change_reason="A shorter address")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "“123” has no letter" in response.content.decode()
    claim.refresh_from_db()
    assert claim.slug == "國安法保障人權"


def test_a_saved_speakers_and_topics_slug_is_shown_not_edited(
    admin_client, form_data, client, make_speaker, make_topic
):
    speaker, topic = make_speaker(name="保安局發言人"), make_topic(name="國安")
    for model, row in (("speaker", speaker), ("topic", topic)):
        url = reverse(f"admin:claims_{model}_change", args=[row.pk])
        page = admin_client.get(url)
        assert 'name="slug"' not in page.content.decode()
        data = form_data(page)
        data.update(slug="another-address")
        assert admin_client.post(url, data).status_code == 302
        row.refresh_from_db()
        assert row.slug in ("保安局發言人", "國安")
