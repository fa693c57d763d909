"""The periodic progress report (进展通报): content from the progress snapshot (content), the light map (lightmap),
the shared table wording (tables), the writers (docx, pdf, xlsx), files and the CLI (`python -m geo.report`)."""
