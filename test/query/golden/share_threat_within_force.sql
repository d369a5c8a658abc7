WITH "base" AS (
  SELECT
    "force" AS "compare_by",
    "threat_type" AS "series",
    "disruptions" AS "measure"
  FROM "disruptions_synthetic"
  WHERE "financial_year" = '2023/24'
),
"cells" AS (
  SELECT "compare_by", "series", CAST(sum("measure") AS DOUBLE) AS "measure_value"
  FROM "base"
  GROUP BY "compare_by", "series"
)
SELECT
  "compare_by" AS "force",
  "series" AS "threat_type",
  100 * "measure_value" / NULLIF(sum("measure_value") OVER (PARTITION BY "compare_by"), 0) AS "value",
  "measure_value",
  sum("measure_value") OVER (PARTITION BY "compare_by") AS "total_value"
FROM "cells"
ORDER BY "threat_type" NULLS LAST, "force" NULLS LAST;
