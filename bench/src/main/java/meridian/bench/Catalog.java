package meridian.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What the loads read and write, made before they start: a service with an owner, a domain and a
 * tag (the fields= read), the services the PUT and PATCH loads spread over, and a table of 500
 * columns under service → database → schema.
 */
record Catalog(String serviceId, List<String> patchIds, String wideTable) {
  static Catalog setUp(Api api) {
    api.post("/api/v1/domains", "{\"name\":\"BenchDomain\",\"domainType\":\"Aggregate\",\"description\":\"the benchmark's domain\"}");
    String serviceId = api.post(Endpoint.SERVICES, "{\"name\":\"bench_service\",\"serviceType\":\"Mysql\","
        + "\"description\":\"the service the reads read\",\"owners\":[{\"name\":\"admin\",\"type\":\"user\"}],"
        + "\"domains\":[\"BenchDomain\"],\"tags\":[{\"tagFQN\":\"PII.Sensitive\"}]}").get("id").asText();
    List<String> patchIds = new ArrayList<>();
    for (int i = 0; i < Endpoint.SPREAD; i++) {
      api.put(Endpoint.SERVICES, Fixtures.service(String.format("bench_same_%02d", i)));
      patchIds.add(api.put(Endpoint.SERVICES, Fixtures.service(String.format("bench_put_%02d", i))).get("id").asText());
    }
    api.post(Endpoint.SERVICES, Fixtures.service("bench_wide"));
    api.post("/api/v1/databases", "{\"name\":\"db\",\"service\":\"bench_wide\"}");
    api.post("/api/v1/databaseSchemas", "{\"name\":\"sch\",\"database\":\"bench_wide.db\"}");
    api.put("/api/v1/tables", Fixtures.table("wide", "bench_wide.db.sch", 500));
    return new Catalog(serviceId, patchIds, "bench_wide.db.sch.wide");
  }
}
