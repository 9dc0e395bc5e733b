"""The lock files (`make lock`) pin what pyproject.toml asks for: a dependency added or
bumped without running `make lock` would install something else than what was tested."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pins(path):
    """{normalised name: version} of a pip-compile output."""
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def asked(requirements):
    wanted = {}
    for requirement in requirements:
        pattern = r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)$"
        name, version = re.match(pattern, requirement).groups()
        wanted[re.sub(r"[-_.]+", "-", name).lower()] = version
    return wanted


def test_each_lock_file_pins_every_direct_dependency_at_its_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = asked(project["dependencies"])
    extras = project["optional-dependencies"]
    for lock, wanted in (
        ("dev.txt", {**base, **asked(extras["dev"])}),
        ("production.txt", {**base, **asked(extras["s3"])}),
    ):
        pinned = pins(ROOT / "requirements" / lock)
        assert {name: pinned.get(name) for name in wanted} == wanted, lock
        # Hashes for every pin: `pip install --require-hashes` refuses anything else.
        text = (ROOT / "requirements" / lock).read_text()
        assert text.count("==") <= text.count("--hash=sha256:"), lock
