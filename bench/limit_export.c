/*
 * limit_export: what SQLite and libxlsxwriter allow, with nothing on top.
 * The benchmark's yardstick for asemdb's xlsx export.
 *
 *   limit_export xlsx DB SQL OUT.xlsx   constant_memory workbook: a bold
 *                                       header row, INTEGER and REAL as
 *                                       numbers, TEXT as inline strings, NULL
 *                                       as no cell, temporary file beside OUT;
 *                                       a new sheet every 1,048,575 data rows
 *   limit_export xlsx-dressed ...       the same, with the two cell-level
 *                                       presentations asemdb adds: an ISO date
 *                                       (YYYY-MM-DD, from 1900) as a date cell,
 *                                       and a text of more than 58 characters
 *                                       (asemdb's widest column, 60, less 2)
 *                                       wrapped, its row 15 points per line
 *                                       tall (at most 409). It tells what those
 *                                       cost apart from what asemdb itself does.
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

#define WRAP_CHARS 58

static int digits(const char *s, int n, int *out) {
    *out = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        *out = *out * 10 + (s[i] - '0');
    }
    return 1;
}

static int iso_date(const char *s, int n, lxw_datetime *d) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, day;
    if (n != 10 || s[4] != '-' || s[7] != '-') return 0;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &day)) return 0;
    if (y < 1900 || m < 1 || m > 12 || day < 1) return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (day > days[m - 1] + (m == 2 && leap)) return 0;
    *d = (lxw_datetime){.year = y, .month = m, .day = day};
    return 1;
}

/* UTF-8 code points: the characters a text takes on a line, near enough. */
static int characters(const char *s, int n) {
    int count = 0;
    for (int i = 0; i < n; i++) count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

static lxw_worksheet *new_sheet(lxw_workbook *wb, sqlite3_stmt *st, lxw_format *bold, int n) {
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    if (!ws) fail("worksheet", "cannot add");
    for (int c = 0; c < n; c++) worksheet_write_string(ws, 0, (lxw_col_t)c, sqlite3_column_name(st, c), bold);
    return ws;
}

int main(int argc, char **argv) {
    const int dressed = argc == 5 && strcmp(argv[1], "xlsx-dressed") == 0;
    if (argc != 5 || (strcmp(argv[1], "xlsx") != 0 && !dressed)) {
        fprintf(stderr, "usage: limit_export xlsx|xlsx-dressed DB SQL OUT.xlsx\n");
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
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_format *wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);

    const int n = sqlite3_column_count(st);
    lxw_worksheet *ws = new_sheet(wb, st, bold, n);
    lxw_row_t row = 1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (row == ROWS_PER_SHEET) {
            ws = new_sheet(wb, st, bold, n);
            row = 1;
        }
        int row_lines = 1;
        for (int c = 0; c < n; c++) {
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER:
            case SQLITE_FLOAT:
                worksheet_write_number(ws, row, (lxw_col_t)c, sqlite3_column_double(st, c), NULL);
                break;
            case SQLITE_TEXT: {
                const char *text = (const char *)sqlite3_column_text(st, c);
                lxw_format *format = NULL;
                if (dressed) {
                    const int bytes = sqlite3_column_bytes(st, c);
                    lxw_datetime d;
                    if (iso_date(text, bytes, &d)) {
                        worksheet_write_datetime(ws, row, (lxw_col_t)c, &d, date);
                        break;
                    }
                    const int lines = bytes > WRAP_CHARS ? (characters(text, bytes) + WRAP_CHARS - 1) / WRAP_CHARS : 1;
                    if (lines > 1) {
                        format = wrap;
                        if (lines > row_lines) {
                            row_lines = lines;
                            worksheet_set_row(ws, row, lines * 15.0 < 409 ? lines * 15.0 : 409, NULL);
                        }
                    }
                }
                worksheet_write_string(ws, row, (lxw_col_t)c, text, format);
                break;
            }
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
