"""Word letters (docx, docx_properties), the report chart, PDF copies, and the one place LibreOffice is run
(soffice)."""
