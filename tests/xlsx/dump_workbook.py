#!/usr/bin/python3
"""Prints an xlsx workbook as JSON, as openpyxl (an independent reader) sees it.

Usage: dump_workbook.py FILE [--rows N]   (N: rows of cells per sheet, default 50)

Output: {"properties": {...}, "sheets": [name, ...], "chart_parts": [...],
         "ignored_errors": {name: [{sqref, numberStoredAsText, ...}]},
         "sheet": {name: {max_row, max_column, freeze_panes, auto_filter, merged: ["A1:H1"],
                          column_widths: {"A": w}, hidden_columns: ["A"], row_heights: {"2": h},
                          charts: [...],
                          print: {title_rows, orientation, paper_size, fit_to_page,
                                  fit_width, fit_height, header: {left, center, right},
                                  footer: {...}, margins: {...}},
                          cells: [[{value, type, format, bold, wrap and italic (only if true)} or null, ...], ...]}}}
Dates and times come out as ISO strings. Needs Debian's python3-openpyxl.
"""

import datetime
import json
import re
import sys
import zipfile
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils import get_column_letter


def plain(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return value


def describe_cell(cell):
    if cell.value is None:
        return None
    described = {
        "value": plain(cell.value),
        "type": cell.data_type,
        "format": cell.number_format,
        "bold": bool(cell.font and cell.font.b),
    }
    if cell.alignment and cell.alignment.wrap_text:
        described["wrap"] = True
    if cell.font and cell.font.i:
        described["italic"] = True
    return described


def column_widths(ws):
    widths = {}
    for dim in ws.column_dimensions.values():
        if dim.customWidth or dim.width:
            for index in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
                widths[get_column_letter(index)] = dim.width
    return widths


def hidden_columns(ws):
    hidden = []
    for dim in ws.column_dimensions.values():
        if dim.hidden:
            hidden.extend(get_column_letter(i) for i in range(dim.min or 1, (dim.max or dim.min or 1) + 1))
    return sorted(hidden)


def header_footer(hf):
    return {"left": hf.left.text, "center": hf.center.text, "right": hf.right.text}


def describe_print(ws):
    setup = ws.page_setup
    fit = ws.sheet_properties.pageSetUpPr
    m = ws.page_margins
    return {
        "title_rows": ws.print_title_rows,
        "orientation": setup.orientation,
        "paper_size": None if setup.paperSize is None else int(setup.paperSize),
        "fit_to_page": bool(fit and fit.fitToPage),
        "fit_width": None if setup.fitToWidth is None else int(setup.fitToWidth),
        "fit_height": None if setup.fitToHeight is None else int(setup.fitToHeight),
        "header": header_footer(ws.oddHeader),
        "footer": header_footer(ws.oddFooter),
        "margins": {"left": m.left, "right": m.right, "top": m.top, "bottom": m.bottom},
    }


def rich_text(title):
    """The plain text of a chart title, or None."""
    if title is None or title.tx is None or title.tx.rich is None:
        return None
    return "".join(run.t for p in title.tx.rich.p for run in (p.r or []))


def describe_chart(chart):
    return {
        "type": chart.tagname,
        "title": rich_text(chart.title),
        "series": [{
            "name": s.tx.strRef.f if s.tx and s.tx.strRef else None,
            "categories": (s.cat.numRef or s.cat.strRef).f if s.cat else None,
            "values": s.val.numRef.f if s.val and s.val.numRef else None,
        } for s in chart.series],
    }


def describe_sheet(ws, rows):
    cells = [[describe_cell(c) for c in row]
             for row in ws.iter_rows(min_row=1, max_row=min(rows, ws.max_row))]
    return {
        "max_row": ws.max_row,
        "max_column": ws.max_column,
        "freeze_panes": ws.freeze_panes,
        "auto_filter": ws.auto_filter.ref,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "column_widths": column_widths(ws),
        "hidden_columns": hidden_columns(ws),
        "row_heights": {str(r): d.height for r, d in ws.row_dimensions.items() if d.height},
        "print": describe_print(ws),
        "charts": [describe_chart(c) for c in ws._charts],
        "cells": cells,
    }


def sheet_parts(archive):
    """Worksheet name -> its XML part, following xl/workbook.xml and its rels."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.findall("p:Relationship", ns)}
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    return {sheet.get("name"): "xl/" + targets[sheet.get("{%s}id" % ns["r"])].lstrip("/").removeprefix("xl/")
            for sheet in book.findall("m:sheets/m:sheet", ns)}


def ignored_errors(path):
    """Worksheet name -> its <ignoredError> elements (openpyxl does not read them)."""
    result = {}
    with zipfile.ZipFile(path) as archive:
        for name, part in sheet_parts(archive).items():
            xml = archive.read(part).decode("utf-8")
            result[name] = [dict(re.findall(r'(\w+)="([^"]*)"', attrs))
                            for attrs in re.findall(r"<ignoredError ([^>]*?)/?>", xml)]
    return result


def chart_parts(path):
    """The chart XML parts in the zip, whatever openpyxl makes of them."""
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n))
        return [{"part": n, "xml": archive.read(n).decode("utf-8")} for n in names]


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--rows"):
        sys.stderr.write("usage: dump_workbook.py FILE [--rows N]\n")
        return 2
    path = argv[1]
    rows = int(argv[3]) if len(argv) == 4 else 50
    wb = openpyxl.load_workbook(path)
    props = wb.properties
    result = {
        "properties": {
            "title": props.title,
            "subject": props.subject,
            "creator": props.creator,
            "created": plain(props.created),
        },
        "sheets": wb.sheetnames,
        "sheet": {ws.title: describe_sheet(ws, rows) for ws in wb.worksheets},
        "ignored_errors": ignored_errors(path),
        "chart_parts": chart_parts(path),
    }
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
