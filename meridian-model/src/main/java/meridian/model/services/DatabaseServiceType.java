package meridian.model.services;

import java.util.List;

/**
 * The {@code serviceType} values of OM's newest {@code databaseService.json} (spec §2.7), and
 * {@code Iceberg}, which OM 1.4 had and later removed: a 1.4 client may still send it.
 */
public final class DatabaseServiceType {
  public static final List<String> VALUES =
      List.of(
          "BigQuery", "BigTable", "Mysql", "Redshift", "Snowflake", "Postgres", "Timescale",
          "Mssql", "MicrosoftAccess", "Oracle", "Athena", "Hive", "Impala", "Presto", "Trino",
          "Vertica", "Glue", "MariaDB", "Druid", "Db2", "Clickhouse", "Databricks", "AzureSQL",
          "DynamoDB", "SingleStore", "SQLite", "DeltaLake", "Salesforce", "PinotDB", "Datalake",
          "DomoDatabase", "QueryLog", "CustomDatabase", "Dbt", "SapHana", "SapSuccessFactors",
          "MongoDB", "Cassandra", "Couchbase", "Greenplum", "Doris", "StarRocks", "UnityCatalog",
          "SAS", "Teradata", "SapErp", "Synapse", "Exasol", "Cockroach", "SSAS", "Epic",
          "ServiceNow", "Dremio", "MicrosoftFabric", "BurstIQ", "Informix", "Iomete", "QuestDB",
          "YDB", "Iceberg");

  private DatabaseServiceType() {}
}
