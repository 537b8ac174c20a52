"""`python -m generator`: the command line of generator/cli.py."""
import os
import signal
import sys


def _interrupted_early(signum, frame):
    # Ctrl-C while the modules are still being imported: nothing has started that needs cleaning
    # up, and a KeyboardInterrupt here would end in a traceback through the import machinery.
    os.write(2, b"interrupted\n")
    os._exit(128 + signum)


signal.signal(signal.SIGINT, _interrupted_early)

from .cli import main  # noqa: E402  (after the handler: importing takes most of a second)

sys.exit(main())
