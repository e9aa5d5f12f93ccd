-- Search (issue 17): SQLite's full-text index was made lighter in this version (see its V012).
-- PostgreSQL's and MariaDB's indexes already cover only the token columns; nothing changes here.
SELECT 1;
