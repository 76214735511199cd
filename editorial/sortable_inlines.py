"""Inline rows put in order by dragging them or with "Move up" and "Move down" buttons
(static/js/sortable-inline.js), instead of typing numbers into an `order` field.

The script fills each row's hidden `order` from the rows' order when the form is sent. Without
it (or from a client that sends no order), a new row goes after the others: never a second 0.
"""

from django import forms


class OrderedRowForm(forms.ModelForm):
    """A row the script has only given a position is still an empty row, not a new one."""

    def has_changed(self):
        changed = self.changed_data
        if self.instance.pk is None:
            changed = [name for name in changed if name != "order"]
        return bool(changed)


class OrderedRowsFormSetMixin:
    """New rows without a position of their own are placed after the others."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not self._should_delete_form(form)
            and (form.instance.pk is not None or form.has_changed())
        ]
        taken = {form.instance.order for form in kept if form.instance.pk is not None}
        taken.discard(None)
        following = max((form.instance.order or 0 for form in kept), default=-1) + 1
        for form in kept:
            posted = form.cleaned_data.get("order")
            is_new = form.instance.pk is None
            if posted is None or (is_new and posted in taken):
                form.instance.order = following
                following += 1
            taken.add(form.instance.order)


class SortableInlineMixin:
    """For a tabular inline whose model has an `order` field. `near_top` shows the inline
    right after the form's first fieldset (templates/admin/editorial/change_form.html)."""

    near_top = False

    class Media:
        js = ["js/sortable-inline.js"]
        css = {"all": ["css/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "order":
            kwargs["widget"] = forms.HiddenInput(attrs={"data-sortable-order": ""})
            kwargs["required"] = False
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        form = kwargs.get("form", self.form)
        kwargs["form"] = type(form.__name__, (OrderedRowForm, form), {})
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (OrderedRowsFormSetMixin, formset), {})
