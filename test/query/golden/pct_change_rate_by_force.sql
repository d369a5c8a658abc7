WITH "base" AS (
  SELECT
    "force" AS "compare_by",
    "force" AS "force_key",
    "financial_year" AS "period_key",
    "disruptions" AS "measure"
  FROM "disruptions_synthetic"
  WHERE "financial_year" IN ('2022/23', '2023/24')
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
  SELECT d."compare_by", d."period_key", coalesce(n."numerator", 0) AS "numerator", d."population"
  FROM (
    SELECT "compare_by", "period_key", sum("population") AS "population"
    FROM (SELECT DISTINCT "compare_by", "period_key", "force_key", "period_key", "population" FROM "matched")
    GROUP BY "compare_by", "period_key"
  ) AS d
  LEFT JOIN (
    SELECT "compare_by", "period_key", CAST(sum("measure") AS DOUBLE) AS "numerator"
    FROM "matched"
    GROUP BY "compare_by", "period_key"
  ) AS n ON d."compare_by" IS NOT DISTINCT FROM n."compare_by" AND d."period_key" IS NOT DISTINCT FROM n."period_key"
),
"pair" AS (
  SELECT "compare_by", max(100000 * "main"."numerator" / NULLIF("main"."population", 0)) FILTER (WHERE "period_key" = '2022/23') AS "from_value", max(100000 * "main"."numerator" / NULLIF("main"."population", 0)) FILTER (WHERE "period_key" = '2023/24') AS "to_value"
  FROM "main"
  GROUP BY "compare_by"
)
SELECT
  "compare_by" AS "force",
  100 * ("to_value" - "from_value") / NULLIF("from_value", 0) AS "value",
  "from_value",
  "to_value",
  "to_value" - "from_value" AS "change"
FROM "pair"
ORDER BY "force" NULLS LAST;
