"""Make the tool's LTI key (once), or rotate it; prints the public key ID, never the private key."""
from django.core.management.base import BaseCommand

from lti import keys


class Command(BaseCommand):
    help = "Create the LTI tool's RSA key if there is none (--rotate: make a new one)."

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true", help="Make a new current key.")

    def handle(self, *args, rotate=False, **options):
        key = keys.rotate() if rotate else keys.current_key()
        self.stdout.write(f"LTI tool key in use: {key.kid}")
