"""What every storytrace command line shares: turning errors into exit statuses."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from typing import Any

import click

from .errors import StorytraceError


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn storytrace errors into a one-line message and their exit status."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StorytraceError as exc:
            click.echo(f"{click.style('error:', fg='red')} {safe_text(str(exc))}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """``text`` safe to print on one terminal line: control characters (escape
    sequences, newlines, carriage returns, bidirectional overrides) shown as ``\\xNN``
    escapes, so a file name can neither drive the terminal nor forge a line."""
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)
