from email_validator import EmailNotValidError, validate_email

from domain.model import Email


class EmailAddressValidator:
    """Syntax checks and normal form from the `email-validator` package; no DNS look-up on a request path."""

    def normalize(self, raw: str) -> Email | None:
        try:
            return Email(validate_email(raw, check_deliverability=False).normalized)
        except EmailNotValidError:
            return None
