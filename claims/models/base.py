"""
What every model of the ledger shares: web links and language tags checked
the same way everywhere, and saves that carry a history user and a reason.
"""

import itertools

from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.text import slugify

# Only web links: a `javascript:` or `data:` URL in a source or evidence link
# would run in a reader's browser.
http_url_validator = URLValidator(schemes=["http", "https"])

# BCP 47 language tags as newsrooms use them: "en", "zh-Hant", "yue-HK".
language_tag_validator = RegexValidator(
    r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    "Enter a language tag such as en, zh-Hant or yue-HK.",
)


def web_link_only(field, model_name):
    """A check constraint: `field` is empty or an http(s) URL, whatever path wrote it."""
    return models.CheckConstraint(
        condition=Q(**{field: ""})
        | Q(**{f"{field}__startswith": "http://"})
        | Q(**{f"{field}__startswith": "https://"}),
        name=f"{model_name}_{field}_is_web_link",
        violation_error_message="Links must start with http:// or https://.",
    )


def name_key(name):
    """
    A speaker is one person, and a topic one topic, whatever the case and
    spacing of the name: what imports match them by, and the admin checks.
    """
    return " ".join(name.split()).casefold()


def lowercase_scheme(url):
    """
    `url` with its scheme in lower case: "HTTPS://example.org/" is the same
    link, but the web-link constraint, like PostgreSQL's LIKE, reads only
    the lower-case "https://" (SQLite's LIKE ignores case, so without this a
    link stored on SQLite could not be restored onto PostgreSQL).
    """
    scheme, separator, rest = url.partition("://")
    if separator and scheme.isalpha() and not scheme.islower():
        return f"{scheme.lower()}://{rest}"
    return url


class HttpURLField(models.URLField):
    default_validators = [http_url_validator]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def clean(self, value, model_instance):
        # When validating, which sets the cleaned value on the instance: in
        # to_python, which every save and lookup also calls, the saved row
        # would differ from the instance its history and ledger entry are
        # made from.
        value = super().clean(value, model_instance)
        return lowercase_scheme(value) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        # A pasted "example.org/page" means the secure page.
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class RecordedModel(models.Model):
    """A model whose writes carry a history user and a reason."""

    class Meta:
        abstract = True

    def save_recorded(self, *, reason, by=None, update_fields=None):
        """
        Save and record `by` as the author of the history entry and `reason` as
        its change reason. Both are cleared afterwards, so a later save of the
        same object cannot inherit a stale reason.
        """
        self._change_reason = reason
        if by is not None:
            self._history_user = by
        try:
            self.save(update_fields=update_fields)
        finally:
            del self._change_reason
            self.__dict__.pop("_history_user", None)


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SluggedModel(RecordedModel):
    """
    A record that URLs and fixtures name by its `slug`, made from the field
    named by `slug_source` when left empty.
    """

    slug_source = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    @classmethod
    def slug_candidates(cls, text, *, first_suffix=2, max_length=80):
        """
        The slugs to try for `text`, in order: "crime-halved", then
        "crime-halved-2", "crime-halved-3", ... (from `first_suffix`). Saves
        and imports both take the first one free.
        """
        base = slugify(text)[:max_length].strip("-") or cls._meta.model_name
        yield base
        for suffix in itertools.count(first_suffix):
            yield f"{base[: max_length - len(str(suffix)) - 1]}-{suffix}"

    def _unique_slug(self):
        """One query per candidate tried."""
        model = type(self)
        for slug in model.slug_candidates(getattr(self, self.slug_source)):
            if not model._base_manager.filter(slug=slug).exists():
                return slug
