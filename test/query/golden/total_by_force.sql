WITH "base" AS (
  SELECT
    "force" AS "compare_by",
    "disruptions" AS "measure"
  FROM "disruptions_synthetic"
  WHERE "financial_year" = '2023/24'
    AND "threat_type" IN ('County lines', 'Drugs')
)
SELECT
  "compare_by" AS "force",
  CAST(sum("measure") AS DOUBLE) AS "value"
FROM "base"
GROUP BY "compare_by"
ORDER BY "force" NULLS LAST;
