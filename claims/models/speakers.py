from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.history import HistoricalRecords
from claims.models.base import (
    HttpURLField,
    SluggedModel,
    SlugQuerySet,
    name_key,
    web_link_only,
    xml_text_validator,
)


class SpeakerKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    GOVERNMENT_BODY = "government_body", _("Government body")
    # Nobody was named: most reviews other desks publish name no claimant.
    # An explicit state, like a source not known, so no page, export or
    # ClaimReview makes "Unattributed" a person who said all those claims.
    UNATTRIBUTED = "unattributed", _("Unattributed")


class Speaker(SluggedModel):
    # Declared at module level so Meta's constraints can name its values.
    Kind = SpeakerKind

    name = models.CharField(_("name"), max_length=200, validators=[xml_text_validator])
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        allow_unicode=True,
        help_text=_("Left empty, it is made for you."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        validators=[xml_text_validator],
        help_text=_(
            'Their role, as a reader needs it: "deputy secretary general, Amnesty '
            'International".'
        ),
    )
    same_as = HttpURLField(
        _("same as"),
        blank=True,
        help_text=_("A page that identifies them beyond doubt: Wikidata or an official page."),
    )

    history = HistoricalRecords()
    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        indexes = [
            # Importers match speakers by name, ignoring case.
            models.Index(Lower("name"), name="speaker_name_lower_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="speaker_name_not_blank",
                violation_error_message=_("A speaker needs a name."),
            ),
            web_link_only("same_as", "speaker"),
            models.CheckConstraint(
                condition=Q(kind__in=SpeakerKind.values),
                name="speaker_kind_valid",
                violation_error_message=_("Unknown speaker kind."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:speaker", args=[self.slug])

    @property
    def is_unattributed(self):
        return self.kind == SpeakerKind.UNATTRIBUTED

    @property
    def shown_name(self):
        """The name readers see: for claims nobody was named for, that fact, in their language."""
        return gettext("No claimant named") if self.is_unattributed else self.name

    def clean(self):
        # Imports take "kyle  WARD" for Kyle Ward (name_key): with a second
        # speaker of that name, an export imported back would put the second
        # one's claims on the first.
        super().clean()
        if not self.name:
            return
        self.name = " ".join(self.name.split())
        key = name_key(self.name)
        names = Speaker._base_manager.values_list("name", flat=True)
        if self.pk is not None and any(
            name_key(name) == key for name in names.filter(pk=self.pk)
        ):
            return  # not renamed: an edit keeps the name the speaker has
        # Every name compared in Python, as imports compare: SQLite folds only
        # ASCII case, and a name saved before this check may be spaced oddly.
        others = names.exclude(pk=self.pk).iterator()
        namesake = next((name for name in others if name_key(name) == key), None)
        if namesake is not None:
            raise ValidationError(
                {
                    "name": gettext(
                        "There is already a speaker named “%(name)s”; names are told apart "
                        "ignoring case and spacing. Add to that speaker, or name this one "
                        "more fully."
                    )
                    % {"name": namesake}
                }
            )
