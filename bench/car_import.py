"""Car ads import benchmark: a CSV of 10 000 ads checked (dry run) and imported into a new car catalog.

Run from the project root (see bench/README.md):
    .venv/bin/python bench/car_import.py --rows 10000
BENCH_DATABASE_URL picks the database (default postgres://postgres@127.0.0.1:5432/h_carsops); the script migrates
it and runs `seed_demo` once if the Avtofamily catalog is not there yet. Each run imports into a catalog of its
own (`bench-cars-<n>`) with VINs of its own, so runs compare without deleting anything.

It times what the admin does: catalog.car_import.start_import (checks and stores the file), the dry run and the
import (`run_job`, what the Celery task runs), then the dry run of the same file again (every row unchanged), and
prints the load average, which on a shared machine says how much of the time was ours."""

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
HEADER = "external_id;vin;make;model;trim;year;mileage;price;body_type;fuel;transmission;drive;city;payment_types"
SPELLINGS = {"Toyota": "Тойота", "Hyundai": "Хендай", "Volkswagen": "VW", "Kia": "KIA"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's N costliest calls")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_carsops")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.path.insert(0, str(PROJECT))
    if os.environ["DATABASE_URL"].startswith("postgres"):
        create_database(os.environ["DATABASE_URL"])
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=PROJECT, check=True)

    import django

    django.setup()
    from catalog.models import CarIndexPage

    if not CarIndexPage.objects.filter(slug="cars").exists():
        subprocess.run([*manage, "seed_demo", "-v0"], cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)
    run(args.rows, profile=args.profile)


def create_database(url):
    from urllib.parse import urlparse

    parsed = urlparse(url)
    command = ["createdb", "-h", parsed.hostname or "127.0.0.1", "-U", parsed.username or "postgres"]
    subprocess.run([*command, parsed.path.lstrip("/")], capture_output=True)  # fails harmlessly when it exists


def csv_rows(count, run_number):
    from catalog.models import CarModel

    rng = random.Random(run_number)  # noqa: S311 - test data
    models = list(CarModel.objects.select_related("make").prefetch_related("trims"))
    rows = [HEADER]
    for n in range(count):
        car = rng.choice(models)
        trims = list(car.trims.all())
        make = SPELLINGS.get(car.make.name, car.make.name) if n % 3 == 0 else car.make.name
        mileage = rng.randint(0, 200_000)
        rows.append(
            ";".join(
                [
                    f"B{run_number}-{n}",
                    f"BN{run_number % 1000:03d}{n:012d}",
                    make,
                    car.name,
                    trims[0].name if trims else "",
                    str(rng.randint(2012, 2025)),
                    f"{mileage:,}".replace(",", " "),
                    str(rng.randint(700, 9000) * 1000),
                    rng.choice(["Седан", "sedan", "Кроссовер", "SUV"]),
                    rng.choice(["Бензин", "petrol", "Дизель"]),
                    rng.choice(["АКПП", "Механика", "CVT"]),
                    rng.choice(["Передний", "AWD"]),
                    rng.choice(["Москва", "СПб"]),
                    "Наличные, Кредит",
                ]
            )
        )
    return "\n".join(rows).encode()


def run(count, profile=0):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from catalog import car_import
    from catalog.models import CarAdPage, CarIndexPage

    home = CarIndexPage.objects.get(slug="cars").get_parent()
    run_number = CarIndexPage.objects.filter(slug__startswith="bench-cars-").count() + 1
    index = CarIndexPage(title=f"Бенчмарк {run_number}", slug=f"bench-cars-{run_number}")
    home.add_child(instance=index)
    index.save_revision().publish()
    User = get_user_model()
    user = User.objects.filter(email="car-bench@example.com").first()
    if user is None:
        user = User.objects.create_superuser(email="car-bench@example.com", password=None)
    content = csv_rows(count, run_number)
    print(f"{count} rows, {len(content) / 1e6:.1f} MB, database {os.environ['DATABASE_URL'].split('@')[-1]}")
    print(f"load average before: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")

    started = time.perf_counter()
    job = car_import.start_import(index, SimpleUploadedFile("bench.csv", content), None, by=user)
    timed("start_import (check and store)", started)

    started = time.perf_counter()
    job = car_import.run_job(job.pk, dry_run=True)
    timed("dry run", started, count, job)

    car_import.confirm(job)
    started = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        job = profiler.runcall(car_import.run_job, job.pk, dry_run=False)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)
    else:
        job = car_import.run_job(job.pk, dry_run=False)
    timed("import", started, count, job)
    print(f"live ads in the catalog: {CarAdPage.objects.child_of(index).live().count()}")

    again = car_import.start_import(index, SimpleUploadedFile("bench.csv", content), None, by=user)
    started = time.perf_counter()
    again = car_import.run_job(again.pk, dry_run=True)
    timed("dry run of the same file again", started, count, again)
    print(f"load average after: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")


def timed(label, started, count=None, job=None):
    seconds = time.perf_counter() - started
    cpu = time.process_time()
    line = f"{label}: {seconds:.1f} s (process CPU so far {cpu:.1f} s)"
    if count:
        line += f", {count / seconds:.0f} rows/s"
    if job is not None:
        line += f"; new {job.created}, changed {job.updated}, unchanged {job.unchanged}, refused {job.refused}"
        if job.refused:
            line += f"; first refusal: {job.report[0] if job.report else ''}"
    print(line, flush=True)


if __name__ == "__main__":
    main()
