"""Typed readers for environment variables (every setting Läget reads is declared in settings.py)."""

import os
import secrets
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    """A string, or the contents of the file named by ``<NAME>_FILE`` (for container secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def persistent_secret_key(var_dir: Path) -> str:
    """Return ``LAGET_SECRET_KEY``, or a key generated once and kept in ``var/secret_key``.

    Production sets the variable; the demo and development get a stable key without setup.
    """
    key = env_str("LAGET_SECRET_KEY")
    if key:
        return key
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key
