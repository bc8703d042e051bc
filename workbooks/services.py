"""The formatted reports write nothing: each is a read (``selectors``) laid out as a workbook
(``layouts``). Every download is recorded by ``audit.background_exports.recorded``."""
