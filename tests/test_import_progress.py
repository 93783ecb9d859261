"""
The progress bar is for terminals only; elsewhere the import prints just its
summary, or with --verbosity 2 a plain line per step and batch, for logs.
"""

from io import StringIO

from django.core.management import call_command

from bench import data
from claims.management.commands.import_claims import TerminalProgress
from tests.interchange_samples import CSV


def test_it_is_quiet_when_not_on_a_terminal(import_claims, write_file):
    output = import_claims(write_file("claims.csv", CSV))

    assert "\r" not in output
    assert output.splitlines()[0].startswith("Imported 2 row(s) in ")


def test_the_bar_counts_up_to_the_total():
    terminal = StringIO()
    bar = TerminalProgress(terminal)
    bar.start("Importing claims", 4000)
    bar.advance(2000)
    bar.finish()

    # Redrawn in place (tqdm draws at most a few times a second).
    first, *_, last = terminal.getvalue().rstrip("\n").split("\r")[1:]
    assert first.startswith("Importing claims:   0%") and "0/4000" in first
    assert last.startswith("Importing claims: 100%") and "4000/4000" in last


def test_verbosity_2_logs_a_line_as_each_batch_is_written(db, tmp_path):
    path = tmp_path / "claims.csv"
    data.write_csv(path, claims=2_500, speakers=5, sources=5)
    err = StringIO()

    call_command("import_claims", str(path), verbosity=2, stdout=StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert "\r" not in err.getvalue()
    assert lines[lines.index("Importing claims: 0/2,500") :] == [
        "Importing claims: 0/2,500",
        "Importing claims: 2,000/2,500",
        "Importing claims: 2,500/2,500",
    ]
