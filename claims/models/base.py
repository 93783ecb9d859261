"""
What every model of the ledger shares: web links and language tags checked
the same way everywhere, and saves that carry a history user and a reason.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Only web links: a `javascript:` or `data:` URL in a source or evidence link
# would run in a reader's browser.
http_url_validator = URLValidator(schemes=["http", "https"])

# BCP 47 language tags as newsrooms use them: "en", "zh-Hant", "yue-HK".
language_tag_validator = RegexValidator(
    r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    _("Enter a language tag such as en, zh-Hant or yue-HK."),
)


# What XML 1.0 cannot carry (its Char production): the C0 controls but tab,
# line feed and carriage return (Word writes U+000B for Shift+Enter), lone
# surrogates, and the noncharacters (U+FFFE, U+FFFF, U+FDD0 to U+FDEF, and
# the last two code points of every plane), which parse as no character at
# all. One such character in a published claim made the Atom feed a 500 for
# every reader, or a feed no reader could parse.
# Written with escapes, so the pattern reads the same in a migration.
NOT_XML_TEXT_PATTERN = (
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(rf"\U{plane:04X}FFFE\U{plane:04X}FFFF" for plane in range(1, 17))
    + "]"
)
NOT_XML_TEXT = re.compile(NOT_XML_TEXT_PATTERN)

# A RegexValidator, which migrations copy as Django's own class: they import
# nothing of the claims app (tests/test_migrations_frozen.py).
xml_text_validator = RegexValidator(
    NOT_XML_TEXT_PATTERN,
    _(
        "This text contains a control character or noncharacter (such as U+000B, which a "
        "word processor writes for a line break, or U+FFFE) that the feed, the sitemaps and "
        "other XML cannot carry; remove it."
    ),
    code="not_xml_text",
    inverse_match=True,
)


def xml_text(value):
    """
    `value` without the characters XML cannot carry: what the feed and every
    other XML output write, so text saved before xml_text_validator, or past
    it, cannot break them.
    """
    return NOT_XML_TEXT.sub("", value)


# Characters that show nothing on their own: controls, format characters
# (zero-width spaces, direction overrides), separators and spaces, marks
# with nothing to combine with, unassigned and private code points, and the
# blank letters some scripts have.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"}
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def has_visible_text(value):
    """True when `value` has a character a reader can see."""
    return any(
        unicodedata.category(character) not in _INVISIBLE_CATEGORIES
        and character not in _BLANK_LETTERS
        for character in value
    )


def visible_text_validator(value):
    """Refuse a note or reason that readers would see as blank: only invisible characters."""
    if value and not has_visible_text(value):
        raise ValidationError(
            gettext(
                "This text has no visible characters, only spaces or invisible ones; write it out."
            ),
            code="invisible_text",
        )


def web_link_only(field, model_name):
    """A check constraint: `field` is empty or an http(s) URL, whatever path wrote it."""
    return models.CheckConstraint(
        condition=Q(**{field: ""})
        | Q(**{f"{field}__startswith": "http://"})
        | Q(**{f"{field}__startswith": "https://"}),
        name=f"{model_name}_{field}_is_web_link",
        violation_error_message=_("Links must start with http:// or https://."),
    )


# Characters that show no width: typed, or pasted from a page, between the
# letters of a name, they made "Kyle\u200bWard" a speaker of its own.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def name_key(name):
    """
    A speaker is one person, and a topic one topic, whatever the case and
    spacing of the name, its compatibility forms (fullwidth letters are
    plain ones: NFKC) and any zero-width characters in it: what imports match
    them by, and the admin checks.
    """
    name = unicodedata.normalize("NFKC", name).translate(_ZERO_WIDTH)
    return " ".join(name.split()).casefold()


# The Cyrillic and Greek letters that look like Latin ones in most fonts,
# with the Latin letter each passes for (after casefolding): spelled with
# a Cyrillic a (U+0430), "Kyle Ward" still reads as Kyle Ward. Not all of
# Unicode's confusables: the ones a name is typed or pasted with.
_LOOKALIKES = str.maketrans(
    # Cyrillic a, v (looks b), e, k, m, n (looks h), o, r (looks p), s (looks c), t, u (looks y),
    # kh (looks x), i, j, dze (looks s), d, q, w, palochka (looks l)
    "\u0430\u0432\u0435\u043a\u043c\u043d\u043e\u0440\u0441\u0442\u0443\u0445"
    "\u0456\u0458\u0455\u0501\u051b\u051d\u04cf"
    # Greek alpha, beta, epsilon, zeta, eta, iota, kappa, mu, nu, omicron, rho, tau, upsilon, chi
    "\u03b1\u03b2\u03b5\u03b6\u03b7\u03b9\u03ba\u03bc\u03bd\u03bf\u03c1\u03c4"
    "\u03c5\u03c7",
    "abekmhopctyxijsdqwl" "abeznikuvoptux",
)


def lookalike_key(name):
    """
    `name_key` with Cyrillic and Greek lookalikes read as the Latin letters
    they pass for: two names with the same lookalike key and different name
    keys differ only by such letters, and are probably one person typed two
    ways (or a name made to pass for another). Imports warn of them rather
    than merge the two.
    """
    return name_key(name).translate(_LOOKALIKES)


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
    default_validators = [http_url_validator, xml_text_validator]

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

    # The row and its history entry (written on post_save and post_delete,
    # chained in the ledger) commit together: in autocommit Django would
    # commit the row first, and a failing history write would leave it
    # unrecorded. No savepoint, so inside a transaction this costs nothing.
    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            return super().delete(*args, **kwargs)

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
    named by `slug_source` when left empty: the text in its own script
    (docs/chinese-search.md, "Slugs"), so 香港人權 gets 香港人權, not `claim`.
    """

    slug_source = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.slug:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        pk, adding = self.pk, self._state.adding
        for attempt in range(1, SLUG_ATTEMPTS + 1):
            self.slug = SlugMaker(type(self)).make(getattr(self, self.slug_source))
            try:
                # Another process saving the same text may take this slug
                # between our read and our write: the unique index refuses
                # the second, and a savepoint lets it read again and take the
                # next number instead of failing the caller's transaction.
                with transaction.atomic(using=using):
                    return super().save(*args, **kwargs)
            except IntegrityError:
                # The row was rolled back: the object is as it was before.
                self.pk, self._state.adding = pk, adding
                taken = type(self)._base_manager.using(using).filter(slug=self.slug).exists()
                self.slug = ""
                if not taken or attempt == SLUG_ATTEMPTS:
                    raise

    def clean_fields(self, exclude=None):
        """
        A slug typed by hand keeps the rule a made one follows: not digits
        (or signs) alone, which would read as a number in the URL and, for a
        source or an old link, as an id.
        """
        super().clean_fields(exclude)
        if "slug" in (exclude or ()) or not self.slug:
            return
        if not any(character.isalpha() for character in self.slug):
            raise ValidationError(
                {
                    "slug": gettext(
                        "“%(slug)s” has no letter, so it would read as a number: "
                        "add a word, or leave it empty to have one made."
                    )
                    % {"slug": self.slug}
                }
            )

    def natural_key(self):
        return (self.slug,)

    @classmethod
    def slug_base(cls, text):
        """
        The slug `text` asks for: its words in their own script, lower-cased
        and joined by hyphens, at most SLUG_BASE_LENGTH characters. A text of
        digits alone ("12") is prefixed with the model's name ("speaker-12"),
        so a slug never reads as a number; a text with no word at all ("🔥!")
        is named by its characters' Unicode names ("fire-exclamation-mark").
        """
        base = slugify(text, allow_unicode=True)[:SLUG_BASE_LENGTH].strip("-_")
        if not base:
            names = " ".join(unicodedata.name(character, "") for character in text)
            base = slugify(names)[:SLUG_BASE_LENGTH].strip("-_")
        if not any(character.isalpha() for character in base):
            base = f"{cls._meta.model_name}-{base}".strip("-")
        return base

    @classmethod
    def taken_slugs(cls, bases):
        """
        The taken slugs that `bases` would collide with: each base itself
        and the base followed by a hyphen and anything. One query, through
        the slug's unique index.
        """
        return slugs_among(cls._base_manager.all(), bases)


# Room left in a 100-character slug for a hyphen and a number of up to 19
# digits, so a numbered slug never cuts its base, and its base stays a prefix
# the taken-slugs query can find.
SLUG_BASE_LENGTH = 80

# How many times a save reads the taken slugs again when another process
# took the one it chose: each retry sees that process's slug, so a second
# retry means several processes saving the same text at once.
SLUG_ATTEMPTS = 5

# How many bases one taken-slugs query asks for: SQLite refuses an
# expression more than 1,000 terms deep, and each base is a term of its OR.
SLUG_BASES_PER_QUERY = 500


def slugs_among(queryset, bases):
    """
    The `slug` of each row of `queryset` that is one of `bases`, or starts
    with one and a hyphen.
    SQLite's LIKE ignores case, so it cannot use the index; a range of the
    binary collation can: every such slug sorts from the base up to the base
    followed by ".", the character after "-" (no slug character sorts between
    the base and its hyphen). PostgreSQL's collation may not sort by code
    point, so there it is LIKE, which Django indexes with pattern ops.
    """
    sqlite = connections[queryset.db].vendor == "sqlite"
    condition = Q()
    for base in bases:
        if sqlite:
            condition |= Q(slug__gte=base, slug__lt=f"{base}.")
        else:
            condition |= Q(slug=base) | Q(slug__startswith=f"{base}-")
    return queryset.filter(condition).order_by().values_list("slug", flat=True)


class SlugMaker:
    """
    Free slugs for new rows of a SluggedModel: the text's base if free, else
    the base and the number after the highest one taken ("香港人權-3" when
    "香港人權" and "香港人權-2" are). `reserve(texts)` reads the taken slugs
    of a batch's bases at once (a query per SLUG_BASES_PER_QUERY new bases,
    not one per slug tried); `make(text)` reserves its own text when it was
    not reserved, and remembers what it gave out, so a batch needs no more.
    """

    def __init__(self, model):
        self.model = model
        # base -> the highest number taken with it (1 is the bare base, 0 none).
        self.highest = {}
        # What this maker gave out: one base's number may be another's bare
        # base ("Report 2" takes report-2, then the second "Report" would).
        self.given = set()

    def reserve(self, texts):
        bases = {self.model.slug_base(text) for text in texts} - self.highest.keys()
        bases = sorted(bases)
        for start in range(0, len(bases), SLUG_BASES_PER_QUERY):
            chunk = bases[start : start + SLUG_BASES_PER_QUERY]
            self.highest.update(dict.fromkeys(chunk, 0))
            for slug in self.model.taken_slugs(chunk):
                self._count(slug)

    def make(self, text):
        base = self.model.slug_base(text)
        if base not in self.highest:
            self.reserve([text])
        number = self.highest[base] + 1
        while (slug := base if number == 1 else f"{base}-{number}") in self.given:
            number += 1
        self.highest[base] = number
        self.given.add(slug)
        return slug

    def take(self, slug):
        """Note `slug` as given to a row named otherwise (a fixture's own slug)."""
        self.given.add(slug)
        self._count(slug)

    def _count(self, slug):
        """Note `slug` as taken: as a bare base, and as a base and its number."""
        if slug in self.highest:
            self.highest[slug] = max(self.highest[slug], 1)
        base, _, number = slug.rpartition("-")
        if base in self.highest and number.isascii() and number.isdigit():
            self.highest[base] = max(self.highest[base], int(number))
