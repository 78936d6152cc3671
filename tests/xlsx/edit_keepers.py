#!/usr/bin/env python3
"""Edits a keepers' workbook as a person would in a spreadsheet program,
with openpyxl (a client independent of asemdb), for the tests.

usage: edit_keepers.py IN.xlsx OUT.xlsx EDIT
       edit_keepers.py IN.xlsx OUTDIR EDIT EDIT...   (each to OUTDIR/EDIT.xlsx)
EDIT names one of the edits below; 'none' saves the workbook unchanged."""

import datetime
import os
import sys
import zipfile

import openpyxl


def row_of(ws, column, value):
    for row in ws.iter_rows(min_row=2):
        if row[column].value == value:
            return row[0].row
    raise SystemExit(f"no row with {value!r} in {ws.title}")


def column_of(ws, heading):
    for cell in ws[1]:
        if cell.value == heading:
            return cell.column
    raise SystemExit(f"no heading {heading!r} in {ws.title}")


def set_cell(ws, key, heading, value):
    # ws.cell(..., value=None) would leave the cell as it is.
    ws.cell(row=row_of(ws, 0, key), column=column_of(ws, heading)).value = value


def change(wb):
    """A coordinator and a theme added, a title changed, a meeting party removed."""
    wb["Coordinators"].append([None, "Asia", "ASEAN coordinator", "Thailand", datetime.date(2025, 1, 1),
                               datetime.date(2025, 6, 30), "Snapshot of the contact page", "S12"])
    wb["Themes"].append([None, 7, "Return and readmission", None, "Migrants going home, and taking them back.", None])
    set_cell(wb["Themes"], 3, "Title", "Irregular migration and migrant smuggling")
    parties = wb["Meeting parties"]
    parties.delete_rows(row_of(parties, 0, 8))


def end_before_start(wb):
    set_cell(wb["Coordinators"], 8, "End date", datetime.date(2023, 1, 1))


def unknown_key(wb):
    ws = wb["Coordinators"]
    ws.cell(row=row_of(ws, 0, 8), column=1).value = 99


def duplicate_key(wb):
    ws = wb["Coordinators"]
    ws.cell(row=row_of(ws, 0, 9), column=1).value = 8


def key_deleted(wb):
    wb["Coordinators"].delete_cols(1)


def sheet_renamed(wb):
    wb["Themes"].title = "Topics"


def text_date(wb):
    set_cell(wb["Coordinators"], 8, "Start date", "01/07/2024")


def closed_set(wb):
    set_cell(wb["Coordinators"], 8, "Side", "Africa")


def formula(wb):
    set_cell(wb["Themes"], 3, "Position", "=1+2")


def required_empty(wb):
    set_cell(wb["Coordinators"], 8, "Role", None)


def constraint(wb):
    set_cell(wb["Themes"], 3, "Position", 2)


def two_problems(wb):
    end_before_start(wb)
    closed_set(wb)


def rewrite_zip(source, target, change):
    """Copies the zip at source to target, passing each entry through change(name, bytes)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, change(item.filename, zin.read(item.filename)))


def zip_bomb(source, target):
    """A sheet padded with 20 MB of spaces, which deflate a thousand to one."""
    rewrite_zip(source, target, lambda name, data: data + b" " * 20_000_000 if name.endswith("sheet2.xml") else data)


def past_limits(source, target):
    """A row past Excel's last (1,048,576)."""
    rewrite_zip(source, target, lambda name, data: data.replace(b'<row r="2"', b'<row r="1048577"', 1)
                if name.endswith("sheet2.xml") else data)


def not_xlsx(source, target):
    with open(target, "w") as out:
        out.write("Member,Side\nViet Nam,Asia\n")


ZIP_EDITS = {"zip_bomb": zip_bomb, "past_limits": past_limits, "not_xlsx": not_xlsx}

EDITS = {name: f for name, f in globals().items() if callable(f) and f.__module__ == "__main__"
         and name not in ("row_of", "column_of", "set_cell", "main", "rewrite_zip", "make") and name not in ZIP_EDITS}


def make(source, target, edit):
    if edit in ZIP_EDITS:
        return ZIP_EDITS[edit](source, target)
    wb = openpyxl.load_workbook(source)
    if edit != "none":
        EDITS[edit](wb)
    wb.save(target)


def main():
    source, target, edits = sys.argv[1], sys.argv[2], sys.argv[3:]
    if len(edits) == 1:
        return make(source, target, edits[0])
    for edit in edits:
        make(source, os.path.join(target, edit + ".xlsx"), edit)


if __name__ == "__main__":
    main()
