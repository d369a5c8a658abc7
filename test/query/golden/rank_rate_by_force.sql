WITH "base" AS (
  SELECT
    "force" AS "compare_by",
    "force" AS "force_key",
    "financial_year" AS "period_key",
    "disruptions" AS "measure"
  FROM "disruptions_synthetic"
  WHERE "financial_year" = '2023/24'
),
"pop" AS (
  SELECT "force" AS "force_key", "financial_year" AS "period_key", CAST(sum("population") AS DOUBLE) AS "population"
  FROM "force_population_synthetic"
  GROUP BY 1, 2
),
"matched" AS MATERIALIZED (
  SELECT *
  FROM "base"
  JOIN "pop" USING ("force_key", "period_key")
),
"main" AS (
  SELECT d."compare_by", coalesce(n."numerator", 0) AS "numerator", d."population"
  FROM (
    SELECT "compare_by", sum("population") AS "population"
    FROM (SELECT DISTINCT "compare_by", "force_key", "period_key", "population" FROM "matched")
    GROUP BY "compare_by"
  ) AS d
  LEFT JOIN (
    SELECT "compare_by", CAST(sum("measure") AS DOUBLE) AS "numerator"
    FROM "matched"
    GROUP BY "compare_by"
  ) AS n ON d."compare_by" IS NOT DISTINCT FROM n."compare_by"
),
"cells" AS (
  SELECT "compare_by", "numerator", "population", 100000 * "main"."numerator" / NULLIF("main"."population", 0) AS "measure_value"
  FROM "main"
)
SELECT
  "compare_by" AS "force",
  CASE WHEN "measure_value" IS NULL THEN NULL ELSE CAST(rank() OVER (ORDER BY "measure_value" DESC NULLS LAST) AS DOUBLE) END AS "value",
  "numerator",
  "population",
  "measure_value",
  CASE WHEN "measure_value" IS NULL THEN NULL ELSE count(*) OVER (PARTITION BY "measure_value") > 1 END AS "tied"
FROM "cells"
ORDER BY "force" NULLS LAST;
