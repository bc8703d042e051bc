"""Background work for notifications: the email copy."""

from celery import shared_task
from django.core.mail import send_mass_mail


# OSError covers smtplib's errors and a refused connection: the mail server is away, try later.
@shared_task(ignore_result=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_notification_emails(*, messages: list[list]) -> int:
    """Send ``[subject, body, from (None: DEFAULT_FROM_EMAIL), [address]]`` messages over one connection."""
    return send_mass_mail([tuple(m) for m in messages], fail_silently=False)
