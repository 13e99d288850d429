"""Compares a CSV catalog with the spreadsheet LibreOffice Calc made of it, cell for cell.

    python3 compare_sheet.py catalog.csv catalog.xlsx

Text must come back as the same text, numbers as the same number, ISO dates as dates on the
same day; no cell may hold a formula. Prints one line per difference and a summary; exits 1 on
any difference.
"""
import csv
import datetime
import sys

import openpyxl


def same(text, value):
    if value is None:
        return text == ""
    if isinstance(value, datetime.datetime):
        return text == value.date().isoformat()
    if isinstance(value, bool):
        return text.lower() == str(value).lower()
    if isinstance(value, (int, float)):
        try:
            return float(text) == float(value)
        except ValueError:
            return False
    return text == value


def main(csv_path, xlsx_path):
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    sheet = openpyxl.load_workbook(xlsx_path).active
    cells = [list(row) for row in sheet.iter_rows()]
    differences = []
    if len(rows) != len(cells):
        differences.append(f"{len(rows)} rows in the CSV, {len(cells)} in the sheet")
    for number, (row, sheet_row) in enumerate(zip(rows, cells), start=1):
        if len(sheet_row) < len(row):
            differences.append(f"row {number}: {len(row)} cells, {len(sheet_row)} in the sheet")
        for column, text in enumerate(row):
            cell = sheet_row[column] if column < len(sheet_row) else None
            value = None if cell is None else cell.value
            if cell is not None and cell.data_type == "f":
                differences.append(f"row {number} column {column + 1}: a formula {value!r}")
            elif not same(text, value):
                differences.append(f"row {number} column {column + 1}: {text!r} came back as {value!r}")
    for line in differences[:50]:
        print(line)
    print(f"{len(rows)} rows, {sum(len(r) for r in rows)} cells, {len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
