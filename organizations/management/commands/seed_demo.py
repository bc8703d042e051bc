"""`manage.py seed_demo [--scale small|district|city] [--seed N]`: the demo district and its logins."""

from django.core.management.base import BaseCommand

from organizations import demo
from organizations.demo.tree import SCALES


class Command(BaseCommand):
    help = "Create a deterministic demo district (organisations, members, grids, accounts); safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="district")
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED)

    def handle(self, *args, scale, seed, **options):
        result = demo.seed(scale=scale, seed=seed)
        if result.created:
            done = f"Demo district created ({scale}, seed {seed}) in {result.seconds:.1f} s"
            self.stdout.write(self.style.SUCCESS(done))
            width = max(len(k) for k in result.counts)
            for name, n in result.counts.items():
                self.stdout.write(f"  {name:<{width}}  {n:>8,}")
        else:
            self.stdout.write(f"Demo district {demo.DEMO_ROOT_CODE} already exists; nothing created.")
        self._print_logins(result.logins)

    def _print_logins(self, logins) -> None:
        if not logins:
            self.stdout.write("No demo accounts found.")
            return
        rows = [("username", "role", "scope", "password", "admin site")]
        rows += [(x.username, x.role, x.scope, x.password, "yes" if x.staff else "no") for x in logins]
        widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
        self.stdout.write("")
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)))
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _pad(text: str, width: int) -> str:
    return str(text) + " " * (width - _width(text))
