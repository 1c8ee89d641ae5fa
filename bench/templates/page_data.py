"""The context both engines render: a title, a user and 50 rows whose text needs HTML escaping (<, >, &, both
quotes). PebbleBench.java builds the same values from the same formulas; bench/run templates compares the two
rendered pages before measuring anything, so a drift between the two shows up as a failed check."""

TITLE = 'Rows & "quotes" <bench>'
USER = "O'Brien & <Co>"
ROWS = [
    {
        "id": i,
        "name": f"Row {i} <b>bold</b> & \"double\" 'single'",
        "note": f"{i * 37 % 100} < {i + 1} && a > b's",
    }
    for i in range(1, 51)
]


def context():
    return {"title": TITLE, "user": USER, "rows": ROWS}


def pebble_string(s):
    # a Pebble double-quoted string literal: backslash-escape backslashes and double quotes; '#{' would interpolate
    assert "#{" not in s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pebble_wrapper(page="page.peb"):
    """For the end-to-end route: a template that sets the same context (Squall's template route only passes request
    data) and includes the page. Built per run from ROWS, so it cannot drift from the render benchmark's data."""
    rows = ",\n  ".join(
        "{" + f'"id": {r["id"]}, "name": {pebble_string(r["name"])}, "note": {pebble_string(r["note"])}' + "}"
        for r in ROWS)
    return (f"{{% set title = {pebble_string(TITLE)} %}}{{% set user = {pebble_string(USER)} %}}"
            f"{{% set rows = [\n  {rows}\n] %}}{{% include \"{page}\" %}}")


if __name__ == "__main__":
    print(pebble_wrapper())
