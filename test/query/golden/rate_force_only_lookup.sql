WITH "base" AS (
  SELECT
    "force" AS "compare_by",
    "force" AS "force_key",
    "financial_year" AS "period_key",
    "disruptions" AS "measure"
  FROM "disruptions_synthetic"
  WHERE "financial_year" >= '2022/23'
    AND "financial_year" <= '2023/24'
),
"pop" AS (
  SELECT "force" AS "force_key", CAST(sum("population") AS DOUBLE) AS "population"
  FROM "force_population_latest"
  GROUP BY 1
),
"matched" AS MATERIALIZED (
  SELECT *
  FROM "base"
  JOIN "pop" USING ("force_key")
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
"england_wales" AS (
  SELECT coalesce(n."numerator", 0) AS "numerator", d."population"
  FROM (
    SELECT sum("population") AS "population"
    FROM (SELECT DISTINCT "force_key", "period_key", "population" FROM "matched" WHERE "force_key" NOT IN ('British Transport Police', 'BTP', 'British Transport', 'Police Scotland', 'Scotland', 'Police Service of Scotland', 'Police Service of Northern Ireland', 'PSNI', 'Northern Ireland'))
  ) AS d
  CROSS JOIN (
    SELECT CAST(sum("measure") AS DOUBLE) AS "numerator"
    FROM "matched"
    WHERE "force_key" NOT IN ('British Transport Police', 'BTP', 'British Transport', 'Police Scotland', 'Scotland', 'Police Service of Scotland', 'Police Service of Northern Ireland', 'PSNI', 'Northern Ireland')
  ) AS n
),
"rated" AS (
  SELECT
    m."compare_by",
    100000 * m."numerator" / NULLIF(m."population", 0) AS "value",
    m."numerator",
    m."population",
    100000 * e."numerator" / NULLIF(e."population", 0) AS "reference"
  FROM "main" AS m
  CROSS JOIN "england_wales" AS e
)
SELECT
  "compare_by" AS "force",
  "value",
  "numerator",
  "population",
  "reference"
FROM "rated"
ORDER BY "force" NULLS LAST;
