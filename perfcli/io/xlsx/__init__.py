"""Spreadsheet workbooks (.xlsx, .xlsm, and the .xls and .ods perfcli also reads): read/ opens returned
workbooks behind the guards, write/ lays out the ones perfcli issues; roster.py is the roster workbook both ways."""
