"""What the store's command lines share: a parser whose usage errors are one line and exit code 2, and the
password read from standard input (never an argument: it would sit in the shell history and in `ps`)."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"error: {self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def read_password(stream=None) -> str:
    """The first line of standard input, without its line ending."""
    line = (stream or sys.stdin).readline()
    return line.rstrip("\r\n")


def fail(message: object) -> int:
    print(f"error: {' '.join(str(message).split())}", file=sys.stderr)
    return 2
