/*
 * limit_export: what SQLite and libxlsxwriter allow, with nothing on top.
 * The benchmark's yardstick for asemdb's xlsx export.
 *
 *   limit_export xlsx DB SQL OUT.xlsx   constant_memory workbook: a bold
 *                                       header row, INTEGER and REAL as
 *                                       numbers, TEXT as inline strings, NULL
 *                                       as no cell, temporary file beside OUT;
 *                                       a new sheet every 1,048,575 data rows
 *
 * Build: cc -O2 -o limit_export limit_export.c -lsqlite3 -lxlsxwriter
 */
#include <sqlite3.h>
#include <xlsxwriter.h>

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS_PER_SHEET 1048576u

static void fail(const char *what, const char *detail) {
    fprintf(stderr, "limit_export: %s: %s\n", what, detail);
    exit(1);
}

static lxw_worksheet *new_sheet(lxw_workbook *wb, sqlite3_stmt *st, lxw_format *bold, int n) {
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    if (!ws) fail("worksheet", "cannot add");
    for (int c = 0; c < n; c++) worksheet_write_string(ws, 0, (lxw_col_t)c, sqlite3_column_name(st, c), bold);
    return ws;
}

int main(int argc, char **argv) {
    if (argc != 5 || strcmp(argv[1], "xlsx") != 0) {
        fprintf(stderr, "usage: limit_export xlsx DB SQL OUT.xlsx\n");
        return 2;
    }
    sqlite3 *db;
    sqlite3_stmt *st;
    if (sqlite3_open_v2(argv[2], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) fail("open", sqlite3_errmsg(db));
    if (sqlite3_prepare_v2(db, argv[3], -1, &st, NULL) != SQLITE_OK) fail("prepare", sqlite3_errmsg(db));

    char *copy = strdup(argv[4]);
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = dirname(copy)};
    lxw_workbook *wb = workbook_new_opt(argv[4], &options);
    if (!wb) fail("workbook", argv[4]);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);

    const int n = sqlite3_column_count(st);
    lxw_worksheet *ws = new_sheet(wb, st, bold, n);
    lxw_row_t row = 1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (row == ROWS_PER_SHEET) {
            ws = new_sheet(wb, st, bold, n);
            row = 1;
        }
        for (int c = 0; c < n; c++) {
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER:
            case SQLITE_FLOAT:
                worksheet_write_number(ws, row, (lxw_col_t)c, sqlite3_column_double(st, c), NULL);
                break;
            case SQLITE_TEXT:
                worksheet_write_string(ws, row, (lxw_col_t)c, (const char *)sqlite3_column_text(st, c), NULL);
                break;
            default:
                break;
            }
        }
        row++;
    }
    if (rc != SQLITE_DONE) fail("step", sqlite3_errmsg(db));
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) fail("close", lxw_strerror(err));
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(copy);
    return 0;
}
