WITH "base" AS (
  SELECT
    "level" AS "compare_by"
  FROM "disruptions_synthetic"
)
SELECT
  "compare_by" AS "level",
  CAST(count(*) AS DOUBLE) AS "value"
FROM "base"
GROUP BY "compare_by"
ORDER BY "level" NULLS LAST;
