from django.core.management import call_command


def test_the_models_and_migrations_agree(db):
    # Exits with SystemExit(1) if a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
