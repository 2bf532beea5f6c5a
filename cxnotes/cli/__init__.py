"""Shell subcommands. Each module has ``register(subparsers)`` that sets ``func(args) -> int``."""
