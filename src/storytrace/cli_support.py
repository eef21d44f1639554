"""What every storytrace command line shares: turning errors into exit statuses."""

from __future__ import annotations

import functools
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
            click.echo(f"{click.style('error:', fg='red')} {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper
