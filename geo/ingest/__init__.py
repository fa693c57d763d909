"""Ingest: a task table (PDF text, xlsx, csv, docx) to measure records: readers, headings, departments, errors."""
