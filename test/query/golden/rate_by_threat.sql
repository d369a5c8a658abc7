WITH "base" AS (
  SELECT
    "threat_type" AS "compare_by",
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
  SELECT n."compare_by", coalesce(n."numerator", 0) AS "numerator", d."population"
  FROM (
    SELECT "compare_by", CAST(sum("measure") AS DOUBLE) AS "numerator"
    FROM "matched"
    GROUP BY "compare_by"
  ) AS n
  CROSS JOIN (
    SELECT sum("population") AS "population"
    FROM (SELECT DISTINCT "force_key", "period_key", "population" FROM "matched")
  ) AS d
),
"rated" AS (
  SELECT
    m."compare_by",
    100000 * m."numerator" / NULLIF(m."population", 0) AS "value",
    m."numerator",
    m."population",
    -- 95% confidence interval: Byar's approximation to the exact Poisson interval, as PHE/OHID Fingertips use;
    -- lower = O(1 - 1/(9O) - z/(3 sqrt(O)))^3 (0 when O = 0), upper = (O+1)(1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3, z = 1.959964
    CASE WHEN m."numerator" <= 0 THEN 0 ELSE greatest(0, m."numerator" * pow(1 - 1 / (9 * m."numerator") - 1.959964 / (3 * sqrt(m."numerator")), 3)) END * 100000 / NULLIF(m."population", 0) AS "lower",
    (m."numerator" + 1) * pow(1 - 1 / (9 * (m."numerator" + 1)) + 1.959964 / (3 * sqrt(m."numerator" + 1)), 3) * 100000 / NULLIF(m."population", 0) AS "upper"
  FROM "main" AS m
)
SELECT
  "compare_by" AS "threat_type",
  "value",
  "numerator",
  "population",
  "lower",
  "upper"
FROM "rated"
ORDER BY "threat_type" NULLS LAST;
