"""Exports never hand a spreadsheet a formula."""

import pytest

from woonzorg.spreadsheets import veilig


@pytest.mark.parametrize(
    ("tekst", "uit"),
    [
        ("=CMD()", "'=CMD()"),
        ("+31 20", "'+31 20"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Wijk Y", "Wijk Y"),
        ("", ""),
    ],
)
def test_a_text_that_a_spreadsheet_would_calculate_is_kept_as_text(tekst, uit):
    assert veilig(tekst) == uit
