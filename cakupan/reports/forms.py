from django import forms
from django.utils.translation import gettext_lazy as _


class RecipientForm(forms.Form):
    area_code = forms.ChoiceField(label=_("Wilayah"))
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    name = forms.CharField(label=_("Nama"), max_length=120, required=False)

    def __init__(self, *args, areas: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_code"].choices = areas
