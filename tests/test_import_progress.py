"""The progress bar is for terminals only; elsewhere the import prints just its summary."""

from claims.management.commands.import_claims import TerminalProgress
from tests.interchange_samples import CSV


def test_it_is_quiet_when_not_on_a_terminal(import_claims, write_file):
    output = import_claims(write_file("claims.csv", CSV))

    assert "\r" not in output
    assert output.splitlines()[0].startswith("Imported 2 row(s) in ")


def test_the_bar_counts_up_to_the_total():
    class Terminal:
        text = ""

        def write(self, text, ending="\n", style_func=None):
            self.text += (style_func or str)(text) + ending

        def flush(self):
            pass

    terminal = Terminal()
    bar = TerminalProgress(terminal)
    bar.start("Importing claims", 4000)
    bar.advance(2000)
    bar.finish()

    assert "Importing claims: [###############               ] 2,000/4,000" in terminal.text
    assert terminal.text.endswith("4,000/4,000\n")
