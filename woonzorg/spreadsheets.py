"""What every export to CSV or Excel shares."""

# A cell starting with one of these is a formula to a spreadsheet (tab and carriage return too,
# which some spreadsheets skip before reading the rest): never from our data.
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


def veilig(tekst: str) -> str:
    """A text a spreadsheet shows as text: a leading apostrophe keeps it from being a formula."""
    return f"'{tekst}" if tekst[:1] in FORMULE_TEKENS else tekst
