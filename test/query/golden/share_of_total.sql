WITH "base" AS (
  SELECT
    "force" AS "compare_by",
    "disruptions" AS "measure"
  FROM "disruptions_synthetic"
  WHERE "financial_year" = '2023/24'
),
"cells" AS (
  SELECT "compare_by", CAST(sum("measure") AS DOUBLE) AS "measure_value"
  FROM "base"
  GROUP BY "compare_by"
)
SELECT
  "compare_by" AS "force",
  100 * "measure_value" / NULLIF(sum("measure_value") OVER (), 0) AS "value",
  "measure_value",
  sum("measure_value") OVER () AS "total_value"
FROM "cells"
ORDER BY "force" NULLS LAST;
