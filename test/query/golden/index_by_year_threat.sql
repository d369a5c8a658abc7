WITH "base" AS (
  SELECT
    "financial_year" AS "compare_by",
    "threat_type" AS "series",
    "disruptions" AS "measure"
  FROM "disruptions_synthetic"
  WHERE "threat_type" IN ('County lines', 'Drugs')
),
"cells" AS (
  SELECT "compare_by", "series", CAST(sum("measure") AS DOUBLE) AS "measure_value"
  FROM "base"
  GROUP BY "compare_by", "series"
),
"based" AS (
  SELECT *, max(CASE WHEN "compare_by" = '2022/23' THEN "measure_value" END) OVER (PARTITION BY "series") AS "base_value"
  FROM "cells"
)
SELECT
  "compare_by" AS "financial_year",
  "series" AS "threat_type",
  100 * "measure_value" / NULLIF("base_value", 0) AS "value",
  "measure_value",
  "base_value"
FROM "based"
ORDER BY "threat_type" NULLS LAST, "financial_year" NULLS LAST;
