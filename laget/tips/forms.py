"""Forms of citizen tips: the public tip form and the moderators' decisions.

The forms only carry the input; ``laget.tips.services`` checks its meaning (type, place,
personal data, lengths), so the tip form and the Open311 API refuse the same things.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from laget.tips.choices import TipService
from laget.tips.models import MAX_PLACE_LENGTH, MAX_RESPONSE_LENGTH, MAX_TEXT_LENGTH

#: The honeypot's name: a field people never see (hidden from sight and from assistive
#: technology), which form-filling robots tend to fill in.
HONEYPOT = "website"


class TipForm(forms.Form):
    service = forms.CharField(
        label=_("What is the tip about?"),
        required=False,
        widget=forms.Select(choices=[("", _("Choose a tip type")), *TipService.choices]),
    )
    text = forms.CharField(
        label=_("Describe what you have seen"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 6, "maxlength": MAX_TEXT_LENGTH, "aria-describedby": "text-help"}
        ),
    )
    lat = forms.CharField(
        label=_("Latitude"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input-short"}),
    )
    lon = forms.CharField(
        label=_("Longitude"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input-short"}),
    )
    place_text = forms.CharField(
        label=_("The place in words (optional)"),
        required=False,
        help_text=_("For example a street, a park or a building, if you do not use the map."),
        widget=forms.TextInput(
            attrs={"maxlength": MAX_PLACE_LENGTH, "aria-describedby": "place-help"}
        ),
    )
    email = forms.CharField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_(
            "Only if you want to hear what happens with the tip. It is never shown publicly "
            "and is deleted when the tip has been handled."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "aria-describedby": "email-help"}),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = gettext(
            "Describe the place and what happened, not people: no names, phone numbers or "
            "identity numbers. At most %(limit)d characters."
        ) % {"limit": MAX_TEXT_LENGTH}

    @property
    def is_honeypot_filled(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())


class ApproveForm(forms.Form):
    public_text = forms.CharField(
        label=_("Public description"),
        required=False,
        help_text=_(
            "What the public sees. Remove details that should not be published; the original "
            "text is kept, not public."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection (not public)"),
        max_length=MAX_RESPONSE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    public_response = forms.CharField(
        label=_("Public response: what was done"),
        max_length=MAX_RESPONSE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
