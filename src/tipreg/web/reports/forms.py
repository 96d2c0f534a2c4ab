from __future__ import annotations

from django import forms

from tipreg.web.reports.models import ImplementationReport

IMPORT_MAX_BYTES = 5 * 1024 * 1024


class ReportForm(forms.Form):
    status = forms.ChoiceField(choices=ImplementationReport.Status.choices)
    narrative = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=20_000)
    # The version the editor loaded (empty for a new report), sent back to detect concurrent saves.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class EvidenceForm(forms.Form):
    file = forms.FileField()


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A .csv (UTF-8) or .xlsx file with a header row.")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload
