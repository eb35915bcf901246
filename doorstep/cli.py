"""The `doorstep` command: every management command, with dashes or underscores.

doorstep demo            set up and serve a demo campaign
doorstep serve           the web server (gunicorn)
doorstep worker          the background task worker
doorstep migrate, createsuperuser, recount, close-petitions...
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstep.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
