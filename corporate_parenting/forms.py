from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Fluid, Layout, Size, Submit
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core import validators

from .concurrency import EditGuardMixin
from .models import District, Membership
from .roles import Role


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (YYYY-MM-DD) whatever the locale,
    or the browser shows the field empty."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format)


class TimeInput(forms.TimeInput):
    """The browser's time picker: its value is 24-hour HH:MM whatever the locale."""

    input_type = "time"

    def __init__(self, attrs=None, format="%H:%M"):
        super().__init__(attrs, format)


# A period of dates, read from a query (GET) or a request (POST) -----------------------------

PERIOD_DATE_FORMAT = "%Y-%m-%d"  # what a date input sends, and what links to a page carry
PERIOD_INPUT_FORMATS = [PERIOD_DATE_FORMAT, "%d/%m/%Y", "%d/%m/%y"]


class PeriodForm(forms.Form):
    """From and To dates of a report or page, the end not before the start. The template owns
    the <form> and its button, so a GET query holds only the dates. A subclass gives its
    `default_period()` (shown when the query names no date) and may check more in `clean()`."""

    start = forms.DateField(
        label="From",
        input_formats=PERIOD_INPUT_FORMATS,
        widget=DateInput(
            attrs={"class": "govuk-input govuk-input--width-10"}, format=PERIOD_DATE_FORMAT
        ),
        help_text="For example, 1/4/2026",
        error_messages={
            "required": "Enter the date the period starts",
            "invalid": "Enter the start date as a real date, for example 1/4/2026",
        },
    )
    end = forms.DateField(
        label="To",
        input_formats=PERIOD_INPUT_FORMATS,
        widget=DateInput(
            attrs={"class": "govuk-input govuk-input--width-10"}, format=PERIOD_DATE_FORMAT
        ),
        help_text="For example, 31/3/2027",
        error_messages={
            "required": "Enter the date the period ends",
            "invalid": "Enter the end date as a real date, for example 31/3/2027",
        },
    )

    @staticmethod
    def default_period():
        raise NotImplementedError("A period form gives its default period.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template owns the form (GET, or POST with a token)
        self.helper.layout = Layout(Field.text("start"), Field.text("end"))

    def is_valid(self):
        valid = super().is_valid()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} govuk-input--error"
        return valid

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date must be the same as or after the start date")
        return cleaned

    @classmethod
    def from_query(cls, data):
        """Bound to the query when it names a date, else unbound with the default period."""
        if "start" in data or "end" in data:
            return cls(data)
        start, end = cls.default_period()
        return cls(
            initial={
                "start": start.strftime(PERIOD_DATE_FORMAT),
                "end": end.strftime(PERIOD_DATE_FORMAT),
            }
        )

    def period(self):
        """(start, end): the valid dates asked for, the default when none were, or None."""
        if self.is_bound:
            if not self.is_valid():
                return None
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default_period()


def taken(queryset, instance) -> bool:
    """Whether a row of `queryset` other than `instance` (the row a form edits, or a new one)
    exists: the check behind "there is already a ... called ..." on every form."""
    if instance.pk is not None:
        queryset = queryset.exclude(pk=instance.pk)
    return queryset.exists()


def number_limits(**limits):
    """Class decorator for a form: each named whole-number field takes a value from `low` to
    `high` (`name=(low, high)`), and a number outside them, or no number, is told so in
    words that say what to enter, never the database's own limit ("less than or equal to
    9223372036854775807"). `name=(low, high, "what it is")` names it in the message (the label,
    lower-cased, otherwise). The field keeps its label and help, and is typed into a text box
    with a numeric keypad."""

    def decorate(form_class):
        for name, (low, high, *what) in limits.items():
            field = form_class.base_fields[name]
            field.min_value, field.max_value = low, high
            field.validators = [
                v
                for v in field.validators
                if not isinstance(v, validators.MinValueValidator | validators.MaxValueValidator)
            ] + [validators.MinValueValidator(low), validators.MaxValueValidator(high)]
            # GOV.UK asks for a text input with a numeric keypad rather than type="number"
            # (which browsers round, scroll and style on their own).
            kept = {k: v for k, v in field.widget.attrs.items() if k not in ("min", "max", "step")}
            field.widget = forms.TextInput(
                attrs={**kept, "inputmode": "numeric", "spellcheck": "false"}
            )
            what = what[0] if what else (field.label or name.replace("_", " ")).lower()
            message = f"Enter the {what} as a whole number from {low:,} to {high:,}"
            field.error_messages = {
                **field.error_messages,
                "invalid": message,
                "min_value": message,
                "max_value": message,
            }
        form_class.number_limits = {**getattr(form_class, "number_limits", {}), **limits}
        return form_class

    return decorate


def form_helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # templates own the <form>, its action and CSRF token
    helper.disable_csrf = True
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Enter a correct email address and password. The password is case sensitive."
        ),
        "inactive": "This account has been switched off. Ask your administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(autocomplete="email", spellcheck="false")
        self.helper = form_helper(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
            submit="Sign in",
        )


class InvitationForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    role = forms.ChoiceField(
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select one of the roles"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("role", legend_size=Size.SMALL),
            submit="Send invitation",
        )


class AcceptInvitationForm(forms.Form):
    """For someone with no account yet: their name and a new password."""

    full_name = forms.CharField(
        label="Your full name", max_length=150, error_messages={"required": "Enter your full name"}
    )
    password1 = forms.CharField(
        label="Choose a password",
        error_messages={"required": "Choose a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Type the password again",
        error_messages={"required": "Type the password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = form_helper(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("password1", field_width=Fluid.TWO_THIRDS),
            Field.text("password2", field_width=Fluid.TWO_THIRDS),
            submit="Create account and join",
        )

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords do not match.")
        elif p1:
            from django.contrib.auth import get_user_model

            candidate = get_user_model()(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class MembershipForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "job_title", "is_active"]
        labels = {"is_active": "Can sign in to this organisation"}
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("role", legend_size=Size.SMALL),
            Field.text("job_title", field_width=Fluid.TWO_THIRDS),
            Field.checkbox("is_active"),
            submit="Save",
        )


@number_limits(position=(0, 999))
class DistrictForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = District
        fields = ["name", "position"]
        help_texts = {"position": "Districts are listed in this order (lowest first)."}
        error_messages = {
            "name": {"required": "Enter the district's name"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.helper = form_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("position", field_width=Fixed.FIVE),
            submit="Save district",
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if taken(
            District.objects.for_organisation(self.organisation).filter(name__iexact=name),
            self.instance,
        ):
            raise forms.ValidationError("There is already a district with this name.")
        return name

    def save(self, commit=True):
        self.instance.organisation = self.organisation
        return super().save(commit)
