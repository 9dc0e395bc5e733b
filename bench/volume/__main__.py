"""``python -m bench.volume --scale N``: the bench's volume data, in the bench's environment
(bench/run.py runs it after ``load_demo``)."""

import argparse
import os
import time

import django


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, required=True, metavar="N")
    options = parser.parse_args()
    if options.scale < 0:
        parser.error("--scale cannot be negative.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()

    from bench.volume import build

    started = time.perf_counter()
    report = build(scale=options.scale)
    timings = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.seconds.items())
    print(
        f"volume (scale {options.scale:g}): {report} in {time.perf_counter() - started:.1f} s "
        f"({timings})",
        flush=True,
    )


if __name__ == "__main__":
    main()
