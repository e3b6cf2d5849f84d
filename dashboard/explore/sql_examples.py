"""Example queries the SQL console offers to start from; a test runs each one."""

from __future__ import annotations

from dashboard.language import N_

# What the empty console shows before anything is typed.
PLACEHOLDER = "SELECT …"

EXAMPLES: dict[str, str] = {
    N_("Events per year and initiative"): """\
SELECT year(e.started_on) AS year, i.short_name AS initiative, count(*) AS events
FROM events e JOIN initiatives i ON i.id = e.initiative_id
GROUP BY ALL
ORDER BY year, initiative""",
    N_("Latest figure for each metric (window function)"): """\
SELECT initiative_id, metric, value, qualifier, as_of, as_of_precision
FROM counts
QUALIFY row_number() OVER (PARTITION BY initiative_id, metric ORDER BY as_of DESC, id) = 1
ORDER BY initiative_id, metric""",
    N_("Releases per thematic group (CTE)"): """\
WITH per_group AS (
    SELECT thematic_group_id, count(*) AS releases
    FROM releases
    WHERE thematic_group_id IS NOT NULL
    GROUP BY thematic_group_id
)
SELECT g.short_name AS thematic_group, p.releases
FROM per_group p JOIN thematic_groups g ON g.id = p.thematic_group_id
ORDER BY p.releases DESC, thematic_group""",
    N_("Records dated only to a year"): """\
SELECT 'event' AS record, id, name, started_on AS date FROM events
WHERE started_on_precision = 'year'
UNION ALL
SELECT 'release', id, title, released_on FROM releases
WHERE released_on_precision = 'year'
ORDER BY date DESC""",
    N_("Sources and the events and releases citing them"): """\
WITH cited AS (
    SELECT s.id, s.title,
           (SELECT count(*) FROM events e WHERE e.source_id = s.id) AS events,
           (SELECT count(*) FROM releases r WHERE r.source_id = s.id) AS releases
    FROM sources s
)
SELECT *, events + releases AS records FROM cited
ORDER BY records DESC, id""",
    N_("The columns of a table"): "DESCRIBE events",
    N_("A table's statistics"): "SUMMARIZE releases",
}
