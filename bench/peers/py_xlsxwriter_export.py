#!/usr/bin/python3
"""The Python peer: a query's rows into an xlsx with XlsxWriter in constant_memory mode.

  py_xlsxwriter_export.py DB SQL OUT.xlsx

What a user would write: a bold header row, numbers as numbers, text as
strings, NULL as no cell, a new sheet every 1,048,575 data rows. Needs
Debian's python3-xlsxwriter (run it with /usr/bin/python3).
"""
import sqlite3
import sys

import xlsxwriter

ROWS_PER_SHEET = 1048576


def main(db_path, sql, out):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    cursor = db.execute(sql)
    names = [d[0] for d in cursor.description]
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    bold = book.add_format({"bold": True})
    sheet, row = None, ROWS_PER_SHEET
    for values in cursor:
        if row == ROWS_PER_SHEET:
            sheet, row = book.add_worksheet(), 1
            sheet.write_row(0, 0, names, bold)
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(row, col, value)
            else:
                sheet.write_number(row, col, value)
        row += 1
    book.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
