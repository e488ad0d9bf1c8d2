"""Forms of the library's admin: a game's filter values as a curator corrects them, and a duplicate decision typed
in by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from activities import taxonomy
from activities.corrections import RANGE_OF, current_values, values_errors
from activities.filters import term_label
from activities.models import Activity, ReviewDecision

MATERIALS_CHOICES = (("", _("unknown")), ("yes", _("needed")), ("no", _("none needed")))
UNKNOWN_CHOICE = ("", _("unknown"))


def _terms(terms) -> list[tuple[str, str]]:
    return [(term.code, term_label(term)) for term in terms]


class FilterCorrectionForm(forms.Form):
    """Every filter value of one game; an emptied field means "unknown". Only the fields a curator changes (and
    the other end of a changed range) become corrections."""

    age_min = forms.IntegerField(label=_("minimum age"), required=False)
    age_max = forms.IntegerField(label=_("maximum age"), required=False)
    players_min = forms.IntegerField(label=_("minimum players"), required=False)
    players_max = forms.IntegerField(label=_("maximum players"), required=False)
    duration_min = forms.IntegerField(label=_("minimum duration (minutes)"), required=False)
    duration_max = forms.IntegerField(label=_("maximum duration (minutes)"), required=False)
    indoor_outdoor = forms.ChoiceField(label=_("indoor/outdoor"), required=False)
    space = forms.ChoiceField(label=_("space needed"), required=False)
    materials = forms.ChoiceField(label=_("materials"), choices=MATERIALS_CHOICES, required=False)
    categories = forms.MultipleChoiceField(label=_("categories"), required=False, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(
        label=_("note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_("Why: shown on the game's page as the evidence of the corrected values."),
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        current = current_values(activity)
        initial = {**current, "materials": {True: "yes", False: "no"}.get(current["materials"], "")}
        initial["categories"] = current["categories"] or []
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["indoor_outdoor"].choices = [UNKNOWN_CHOICE, *_terms(taxonomy.INDOOR_OUTDOOR)]
        self.fields["space"].choices = [UNKNOWN_CHOICE, *_terms(taxonomy.SPACE)]
        self.fields["categories"].choices = _terms(taxonomy.CATEGORIES)

    def _values(self) -> dict:
        """The form's filter values in correction form (None: unknown)."""
        data = self.cleaned_data
        values = {field: data.get(field) for field in taxonomy.RANGE_FIELDS}
        values["indoor_outdoor"] = data.get("indoor_outdoor") or None
        values["space"] = data.get("space") or None
        values["materials"] = {"yes": True, "no": False}.get(data.get("materials") or "")
        values["categories"] = sorted(data.get("categories") or []) or None
        return values

    def clean(self):
        # Checked: the changed fields and the other end of each changed range (as the service records them), so a
        # doubtful value left as it is never blocks correcting another one.
        cleaned = super().clean()
        values = self._values()
        checked = {end for field in self.corrections() for end in RANGE_OF.get(field, (field,))[:2]}
        for field, message in values_errors(
            {name: values[name] for name in checked if name not in self.errors}
        ).items():
            self.add_error(field, message)
        return cleaned

    def corrections(self) -> dict:
        """{field: value} of the filter fields the curator changed."""
        values = self._values()
        return {field: values[field] for field in taxonomy.FILTER_FIELDS if field in self.changed_data}


def _origin_text(activity: Activity, field: str) -> str:
    entry = activity.filter_origins.get(field)
    if not entry:
        return ""
    term = next((term for term in taxonomy.ORIGINS if term.code == entry["origin"]), None)
    label = term_label(term) if term else entry["origin"]
    return f"{label}: „{entry['evidence']}”" if entry.get("evidence") else label


def correction_rows(form: FilterCorrectionForm, activity: Activity) -> list[tuple]:
    """(bound field, where the published value came from) for each filter field, in taxonomy order."""
    return [(form[field], _origin_text(activity, field)) for field in taxonomy.FILTER_FIELDS]


class ReviewDecisionForm(forms.ModelForm):
    class Meta:
        model = ReviewDecision
        fields = ("key_a", "key_b", "decision", "note")

    def clean(self):
        cleaned = super().clean()
        key_a, key_b = cleaned.get("key_a"), cleaned.get("key_b")
        if key_a and key_b:
            if key_a == key_b:
                raise forms.ValidationError(_("The two content keys must differ."))
            # Stored sorted (a check constraint): the curator may type them in either order.
            cleaned["key_a"], cleaned["key_b"] = sorted((key_a, key_b))
        return cleaned
