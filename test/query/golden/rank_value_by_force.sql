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
  CASE WHEN "measure_value" IS NULL THEN NULL ELSE CAST(rank() OVER (ORDER BY "measure_value" DESC NULLS LAST) AS DOUBLE) END AS "value",
  "measure_value",
  CASE WHEN "measure_value" IS NULL THEN NULL ELSE count(*) OVER (PARTITION BY "measure_value") > 1 END AS "tied"
FROM "cells"
ORDER BY "force" NULLS LAST;
