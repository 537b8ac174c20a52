"""The command line: `python -m generator VERB`. Verbs live in generator/verbs/.

Exit codes, for every verb:
  0  success
  1  the content has errors (each printed as path:line:col: CODE message)
  2  usage error (unknown verb or option, missing argument)
  3  the work could not be done for another reason (a missing tool, a failed build)
"""
from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading

# verb -> module in generator.verbs; each module has HELP, add_arguments(parser) and run(args) -> int.
VERBS = {
    "check": "check",
    "schema": "schema",
    "codes": "codes",
    "render": "render",
    "site": "site",
    "serve": "serve",
    "pdf": "pdf",
    "new": "new",
    "ingest": "ingest",
    "draft": "draft",
    "export": "export",
    "publish": "publish",
    "migrate": "migrate",
}

EPILOG = """exit codes:
  0  success
  1  the content has errors (each printed as path:line:col: CODE message)
  2  usage error
  3  the work could not be done for another reason (a missing tool, a failed build)
"""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m generator",
        description="Claim records in content/ -> a report site and PDF.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subs = top.add_subparsers(dest="verb", metavar="VERB", required=True)
    for verb, module_name in VERBS.items():
        module = importlib.import_module(f"generator.verbs.{module_name}")
        sub = subs.add_parser(verb, help=module.HELP, description=module.HELP, epilog=EPILOG,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        # From here on Ctrl-C raises KeyboardInterrupt, so that a verb cleans up on its way out
        # (`python -m generator` ends the process at once while it is still importing).
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
