"""Admin for compliance: the PDS letter template the office edits (docs/compliance-pds.md)."""
from __future__ import annotations

from django import forms
from django.contrib import admin
from django.template import Template, TemplateSyntaxError

from .models import PdsLetterTemplate


class PdsLetterForm(forms.ModelForm):
    class Meta:
        model = PdsLetterTemplate
        fields = ("body", "note")

    def clean_body(self):
        body = self.cleaned_data["body"]
        try:
            Template("{% load cakupan_format %}" + body)
        except TemplateSyntaxError as exc:
            raise forms.ValidationError(f"Templat tidak sah: {exc}") from None
        return body


@admin.register(PdsLetterTemplate)
class PdsLetterTemplateAdmin(admin.ModelAdmin):
    form = PdsLetterForm
    list_display = ("id", "note", "updated_by", "updated_at")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user.get_username()
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request):
        from django.template.loader import get_template

        return {"body": get_template("compliance/pds/surat.html").template.source}
