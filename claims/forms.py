from django import forms

from claims.models import ClaimStatus


class ClaimFilterForm(forms.Form):
    """The public list's search box and filters (`?q=&status=&speaker=&topic=&source=`)."""

    q = forms.CharField(label="Search claims", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ClaimStatus.choices]
    )
    speaker = forms.SlugField(required=False, widget=forms.HiddenInput)
    topic = forms.SlugField(required=False, widget=forms.HiddenInput)
    source = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def active_filters(self):
        """(name, value) for each filter given, so the page can say what it shows."""
        return [
            (name, self.data[name])
            for name in ("speaker", "topic", "source")
            if self.data.get(name)
        ]
