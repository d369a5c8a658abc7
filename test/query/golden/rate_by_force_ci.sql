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
"peers" AS (
  SELECT coalesce(n."numerator", 0) AS "numerator", d."population"
  FROM (
    SELECT sum("population") AS "population"
    FROM (SELECT DISTINCT "force_key", "period_key", "population" FROM "matched" WHERE "force_key" IN ('Bedfordshire', 'Cambridgeshire', 'Essex', 'Hertfordshire', 'Kent', 'Norfolk', 'Suffolk'))
  ) AS d
  CROSS JOIN (
    SELECT CAST(sum("measure") AS DOUBLE) AS "numerator"
    FROM "matched"
    WHERE "force_key" IN ('Bedfordshire', 'Cambridgeshire', 'Essex', 'Hertfordshire', 'Kent', 'Norfolk', 'Suffolk')
  ) AS n
),
"peers_without" AS (
  SELECT coalesce(n."numerator", 0) AS "numerator", d."population"
  FROM (
    SELECT sum("population") AS "population"
    FROM (SELECT DISTINCT "force_key", "period_key", "population" FROM "matched" WHERE "force_key" IN ('Bedfordshire', 'Cambridgeshire', 'Essex', 'Hertfordshire', 'Kent', 'Norfolk', 'Suffolk') AND "force_key" IS DISTINCT FROM 'Kent')
  ) AS d
  CROSS JOIN (
    SELECT CAST(sum("measure") AS DOUBLE) AS "numerator"
    FROM "matched"
    WHERE "force_key" IN ('Bedfordshire', 'Cambridgeshire', 'Essex', 'Hertfordshire', 'Kent', 'Norfolk', 'Suffolk') AND "force_key" IS DISTINCT FROM 'Kent'
  ) AS n
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
    (m."numerator" + 1) * pow(1 - 1 / (9 * (m."numerator" + 1)) + 1.959964 / (3 * sqrt(m."numerator" + 1)), 3) * 100000 / NULLIF(m."population", 0) AS "upper",
    100000 * e."numerator" / NULLIF(e."population", 0) AS "reference",
    100000 * p."numerator" / NULLIF(p."population", 0) AS "peer_rate",
    100000 * q."numerator" / NULLIF(q."population", 0) AS "peer_rate_excl"
  FROM "main" AS m
  CROSS JOIN "england_wales" AS e
  CROSS JOIN "peers" AS p
  CROSS JOIN "peers_without" AS q
)
SELECT
  "compare_by" AS "force",
  "value",
  "numerator",
  "population",
  "lower",
  "upper",
  "reference",
  "peer_rate",
  "peer_rate_excl",
  CASE
    WHEN "lower" IS NULL OR "reference" IS NULL THEN NULL
    WHEN "lower" > "reference" THEN 'above'
    WHEN "upper" < "reference" THEN 'below'
    ELSE 'not significant'
  END AS "significance"
FROM "rated"
ORDER BY "force" NULLS LAST;
