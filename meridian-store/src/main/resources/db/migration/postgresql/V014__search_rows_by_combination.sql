-- Search (issue 17): the embedded store's index changed shape (its V014: rows numbered by their
-- combination of facets, column-aware full-text index). This store's index answers as it did; the
-- migration exists so that every store's schema has the same version.
UPDATE search_build SET state = state WHERE name = 'catalog';
