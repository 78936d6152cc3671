#!/usr/bin/python3
"""Reads an exported workbook back with openpyxl, an independent reader.

  check_xlsx.py OUT.xlsx ROWS COLUMNS

Passes (exit 0) when the data sheets (every sheet but "About"), taken in order,
each start with the same header row of COLUMNS names and together hold exactly
ROWS data rows numbered 1..ROWS in their first column. Prints one line per sheet.
Needs Debian's python3-openpyxl (run it with /usr/bin/python3).
"""
import sys

import openpyxl


def main(path, rows, columns):
    book = openpyxl.load_workbook(path, read_only=True)
    header, expected, sheets = None, 1, 0
    for ws in book.worksheets:
        if ws.title == "About":
            continue
        sheets += 1
        count = 0
        for i, values in enumerate(ws.iter_rows(values_only=True)):
            if i == 0:
                header = header or values
                if values != header or len(values) != columns:
                    sys.exit(f"{path}: sheet {ws.title!r}: unexpected header {values}")
                continue
            if values[0] != expected:
                sys.exit(f"{path}: sheet {ws.title!r} row {i + 1}: id {values[0]}, expected {expected}")
            expected += 1
            count += 1
        print(f"{path}: sheet {ws.title!r}: {count} data rows")
    if expected - 1 != rows:
        sys.exit(f"{path}: {expected - 1} data rows in {sheets} sheets, expected {rows}")
    print(f"{path}: ok: {rows} rows in {sheets} sheets")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
