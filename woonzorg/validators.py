from django.contrib.auth import password_validation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import ngettext

# The years a plan, an agreement or a programme may name.
jaar_validators = [MinValueValidator(2000), MaxValueValidator(2100)]


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's validator with Dutch wording: its nl catalogue misses the 5.2 message."""

    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d teken bevatten.",
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d tekens bevatten.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Uw wachtwoord moet minstens %(min_length)d teken bevatten.",
            "Uw wachtwoord moet minstens %(min_length)d tekens bevatten.",
            self.min_length,
        ) % {"min_length": self.min_length}
