"""Writing workbooks: the official forms (forms, form_sheet, ticked_sheet, self_evaluation), report tables and
lists, annotated copies; text holds how Chinese text fits a cell."""
