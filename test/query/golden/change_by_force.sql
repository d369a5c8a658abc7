WITH "base" AS (
  SELECT
    "force" AS "compare_by",
    "financial_year" AS "period_key",
    "disruptions" AS "measure"
  FROM "disruptions_synthetic"
  WHERE "financial_year" IN ('2022/23', '2023/24')
),
"pair" AS (
  SELECT "compare_by", CAST(sum("measure") FILTER (WHERE "period_key" = '2022/23') AS DOUBLE) AS "from_value", CAST(sum("measure") FILTER (WHERE "period_key" = '2023/24') AS DOUBLE) AS "to_value"
  FROM "base"
  GROUP BY "compare_by"
)
SELECT
  "compare_by" AS "force",
  "to_value" - "from_value" AS "value",
  "from_value",
  "to_value"
FROM "pair"
ORDER BY "force" NULLS LAST;
