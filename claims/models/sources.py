from urllib.parse import unquote, urlsplit

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.history import HistoricalRecords
from claims.models.base import (
    HttpURLField,
    SluggedModel,
    language_tag_validator,
    web_link_only,
    xml_text_validator,
)


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", _("News article")
    SPEECH = "speech", _("Speech")
    SOCIAL_POST = "social_post", _("Social media post")
    PRESS_RELEASE = "press_release", _("Press release")
    INTERVIEW = "interview", _("Interview")
    OFFICIAL_DOCUMENT = "official_document", _("Official document")
    OTHER = "other", _("Other")
    # Where the claim appeared is not known: most reviews other desks
    # publish name no appearance. An explicit state, shown as such, so no
    # page or export invents a URL or a title for it.
    NOT_KNOWN = "not_known", _("Not known")


class SourceQuerySet(models.QuerySet):
    def named(self, slug_or_id):
        """
        The source a URL names: by its slug, or by the id a link made before
        sources had slugs (a slug always has a letter, so digits are an id).
        """
        if slug_or_id.isascii() and slug_or_id.isdigit():
            return self.filter(pk=int(slug_or_id))
        return self.filter(slug=slug_or_id)

    def get_by_natural_key(self, url, title="", publisher=""):
        if url:
            return self.get(url=url)
        return self.get(url="", title=title, publisher=publisher)


class Source(SluggedModel):
    """
    Where a claim appeared: identified by its URL, or by title and publisher
    if it has none. Its page is named by a slug made from its title (see
    `slug_text`), as speakers' and topics' are; fixtures still name it by
    URL, title and publisher, which say what it is wherever it is loaded.
    """

    # Declared at module level so Meta's constraints can name its values.
    Kind = SourceKind
    slug_source = "slug_text"

    title = models.CharField(
        _("title"), max_length=300, blank=True, validators=[xml_text_validator]
    )
    publisher = models.CharField(
        _("publisher"), max_length=200, blank=True, validators=[xml_text_validator]
    )
    url = HttpURLField(_("URL"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS_ARTICLE
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    archived_url = HttpURLField(
        _("archived URL"),
        blank=True,
        help_text=_(
            "A permanent copy (Wayback Machine, archive.today) in case the original "
            "changes or disappears."
        ),
    )
    language = models.CharField(
        _("language"), max_length=35, default="en", validators=[language_tag_validator]
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        allow_unicode=True,
        help_text=_("Left empty, it is made for you."),
    )

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_message=_("A source with this URL already exists."),
            ),
            models.UniqueConstraint(
                fields=["title", "publisher"],
                condition=Q(url=""),
                name="source_title_publisher_unique_without_url",
                violation_error_message=_(
                    "A source with this title and publisher and no URL already exists."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(title="") | Q(kind=SourceKind.NOT_KNOWN),
                name="source_has_url_or_title",
                violation_error_message=_("A source needs a URL or a title."),
            ),
            web_link_only("url", "source"),
            web_link_only("archived_url", "source"),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values),
                name="source_kind_valid",
                violation_error_message=_("Unknown source kind."),
            ),
        ]

    def __str__(self):
        if self.is_not_known:
            # The unknown source's page shows this as its heading.
            return gettext("Source not known")
        label = self.title or self.url
        return f"{label} ({self.publisher})" if self.publisher else label

    def get_absolute_url(self):
        return reverse("claims:source", args=[self.slug])

    def natural_key(self):
        return (self.url, self.title, self.publisher)

    @property
    def slug_text(self):
        """
        What the slug is made from: the title, else the URL's host and path
        ("rthk-hk-news-local"), so a source named by its URL alone still gets
        words, not digits (a publisher alone would name all its URLs alike).
        """
        if self.is_not_known:
            return "source not known"
        if self.title:
            return self.title
        parts = urlsplit(self.url)
        host = (parts.hostname or "").removeprefix("www.").replace(".", " ")
        return " ".join([host, *unquote(parts.path).split("/")])

    @property
    def is_not_known(self):
        return self.kind == SourceKind.NOT_KNOWN
