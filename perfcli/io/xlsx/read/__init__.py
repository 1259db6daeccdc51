"""Reading a workbook nobody vouched for: the guards first (safety, limits, zip_parts, extent), then the cells
(grid, cells, number_formats)."""
