"""Print the pages to load and the dataset's size as JSON: ``python -m tests.bench.pick``,
run by the harness with a dataset's environment (DATABASE_URL, the bench settings)."""

import json

import django


def main():
    django.setup()
    from tests.bench.pages import dataset_size, pick_pages

    print(json.dumps({"pages": pick_pages(), "size": dataset_size()}))


if __name__ == "__main__":
    main()
