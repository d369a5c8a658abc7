WITH "base" AS (
  SELECT
    CASE
    WHEN "force" IN ('Cheshire', 'Cumbria', 'Greater Manchester', 'Lancashire', 'Merseyside', 'North Wales') THEN 'North West'
    WHEN "force" IN ('Cleveland', 'Durham', 'Northumbria') THEN 'North East'
    WHEN "force" IN ('Humberside', 'North Yorkshire', 'South Yorkshire', 'West Yorkshire') THEN 'Yorkshire and the Humber'
    WHEN "force" IN ('Derbyshire', 'Leicestershire', 'Lincolnshire', 'Northamptonshire', 'Nottinghamshire') THEN 'East Midlands'
    WHEN "force" IN ('Staffordshire', 'Warwickshire', 'West Mercia', 'West Midlands') THEN 'West Midlands'
    WHEN "force" IN ('Bedfordshire', 'Cambridgeshire', 'Essex', 'Hertfordshire', 'Kent', 'Norfolk', 'Suffolk') THEN 'Eastern'
    WHEN "force" IN ('Hampshire and Isle of Wight', 'Surrey', 'Sussex', 'Thames Valley') THEN 'South East'
    WHEN "force" IN ('Avon and Somerset', 'Devon and Cornwall', 'Dorset', 'Gloucestershire', 'Wiltshire') THEN 'South West'
    WHEN "force" IN ('Dyfed-Powys', 'Gwent', 'South Wales') THEN 'Southern Wales'
    WHEN "force" IN ('City of London', 'Metropolitan Police') THEN 'London'
  END AS "compare_by",
    "financial_year" AS "series",
    "force" AS "force_key",
    "financial_year" AS "period_key",
    "disruptions" AS "measure"
  FROM "disruptions_synthetic"
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
  SELECT d."compare_by", d."series", coalesce(n."numerator", 0) AS "numerator", d."population"
  FROM (
    SELECT "compare_by", "series", sum("population") AS "population"
    FROM (SELECT DISTINCT "compare_by", "series", "force_key", "period_key", "population" FROM "matched")
    GROUP BY "compare_by", "series"
  ) AS d
  LEFT JOIN (
    SELECT "compare_by", "series", CAST(sum("measure") AS DOUBLE) AS "numerator"
    FROM "matched"
    GROUP BY "compare_by", "series"
  ) AS n ON d."compare_by" IS NOT DISTINCT FROM n."compare_by" AND d."series" IS NOT DISTINCT FROM n."series"
),
"england_wales" AS (
  SELECT d."series", coalesce(n."numerator", 0) AS "numerator", d."population"
  FROM (
    SELECT "series", sum("population") AS "population"
    FROM (SELECT DISTINCT "series", "force_key", "period_key", "population" FROM "matched" WHERE "force_key" NOT IN ('British Transport Police', 'BTP', 'British Transport', 'Police Scotland', 'Scotland', 'Police Service of Scotland', 'Police Service of Northern Ireland', 'PSNI', 'Northern Ireland'))
    GROUP BY "series"
  ) AS d
  LEFT JOIN (
    SELECT "series", CAST(sum("measure") AS DOUBLE) AS "numerator"
    FROM "matched"
    WHERE "force_key" NOT IN ('British Transport Police', 'BTP', 'British Transport', 'Police Scotland', 'Scotland', 'Police Service of Scotland', 'Police Service of Northern Ireland', 'PSNI', 'Northern Ireland')
    GROUP BY "series"
  ) AS n ON d."series" IS NOT DISTINCT FROM n."series"
),
"rated" AS (
  SELECT
    m."compare_by",
    m."series",
    100000 * m."numerator" / NULLIF(m."population", 0) AS "value",
    m."numerator",
    m."population",
    100000 * e."numerator" / NULLIF(e."population", 0) AS "reference"
  FROM "main" AS m
  LEFT JOIN "england_wales" AS e ON m."series" IS NOT DISTINCT FROM e."series"
)
SELECT
  "compare_by" AS "region",
  "series" AS "financial_year",
  "value",
  "numerator",
  "population",
  "reference"
FROM "rated"
ORDER BY "financial_year" NULLS LAST, "region" NULLS LAST;
