"""``python -m debate.cli``: the ``inspel`` command."""

from debate.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
