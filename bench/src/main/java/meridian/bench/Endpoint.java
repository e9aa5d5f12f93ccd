package meridian.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * One request kind the benchmark measures, in both of its loads: as a wrk script (closed loop) and
 * as a request builder for the open loop. Writes make a fresh name or value per request from the
 * run's id, wrk's thread and a counter (wrk) or the request's index (open loop), so no two
 * requests collide and every "change" really changes something.
 */
record Endpoint(String name, String label, boolean write, String path, Map<String, String> headers, String lua,
    LongFunction<Req> open) {

  static final String SERVICES = "/api/v1/services/databaseServices";
  static final String PATCH_TYPE = "application/json-patch+json";
  /** How many services the PUT and PATCH loads spread over (so writers do not all queue on one row). */
  static final int SPREAD = 64;

  /** The request kinds, in the order they run (reads first, then writes that grow the catalog). */
  static List<Endpoint> all(Api api, String runId, List<String> patchIds, String wideTable, String serviceId) {
    String auth = "Bearer " + api.token;
    Map<String, String> get = Map.of("Authorization", auth);
    Map<String, String> json = Map.of("Authorization", auth, "Content-Type", "application/json");
    Map<String, String> patch = Map.of("Authorization", auth, "Content-Type", PATCH_TYPE);
    String ids = "{" + String.join(",", patchIds.stream().map(id -> "\"" + id + "\"").toList()) + "}";
    return List.of(
        read("get_name", "GET by name", SERVICES + "/name/bench_service", get),
        read("get_id", "GET by id", SERVICES + "/" + serviceId, get),
        read("get_fields", "GET fields=owners,tags,domains", SERVICES + "/name/bench_service?fields=owners,tags,domains", get),
        read("list", "list, page of 50", SERVICES + "?limit=50", get),
        read("get_wide", "GET table of 500 columns", "/api/v1/tables/name/" + wideTable, get),
        new Endpoint("put_same", "PUT, no change", true, SERVICES, json, """
            function request()
              counter = counter + 1
              local name = string.format("bench_same_%02d", counter % SPREAD)
              return wrk.format("PUT", nil, nil, '{"name":"' .. name .. '","serviceType":"Mysql","description":"a service of the benchmark"}')
            end
            """, i -> new Req("PUT", SERVICES, json, Fixtures.service(String.format("bench_same_%02d", i % SPREAD)))),
        new Endpoint("create", "POST create", true, SERVICES, json, """
            function request()
              counter = counter + 1
              return wrk.format("POST", nil, nil, '{"name":"w_' .. run .. '_' .. tid .. '_' .. counter .. '","serviceType":"Mysql","description":"a service of the benchmark"}')
            end
            """, i -> new Req("POST", SERVICES, json, Fixtures.service("o_" + runId + "_" + i))),
        new Endpoint("put_change", "PUT, a change", true, SERVICES, json, """
            function request()
              counter = counter + 1
              local name = string.format("bench_put_%02d", counter % SPREAD)
              return wrk.format("PUT", nil, nil, '{"name":"' .. name .. '","serviceType":"Mysql","description":"changed ' .. run .. '_' .. tid .. '_' .. counter .. '"}')
            end
            """, i -> new Req("PUT", SERVICES, json, "{\"name\":\"" + String.format("bench_put_%02d", i % SPREAD)
                + "\",\"serviceType\":\"Mysql\",\"description\":\"changed o_" + runId + "_" + i + "\"}")),
        new Endpoint("patch", "PATCH", true, SERVICES, patch, """
            local ids = %s
            function request()
              counter = counter + 1
              local path = "%s/" .. ids[counter %% #ids + 1]
              return wrk.format("PATCH", path, nil, '[{"op":"replace","path":"/description","value":"patched ' .. run .. '_' .. tid .. '_' .. counter .. '"}]')
            end
            """.formatted(ids, SERVICES), i -> new Req("PATCH", SERVICES + "/" + patchIds.get((int) (i % patchIds.size())), patch,
                "[{\"op\":\"replace\",\"path\":\"/description\",\"value\":\"patched o_" + runId + "_" + i + "\"}]")));
  }

  private static Endpoint read(String name, String label, String path, Map<String, String> headers) {
    Req request = Req.get(path, headers);
    return new Endpoint(name, label, false, path, headers, null, i -> request);
  }

  /** The wrk script of this kind (null for a plain GET), written under {@code dir}. */
  Path script(Path dir) {
    if (lua == null) {
      return null;
    }
    String prologue = """
        local SPREAD = %d
        counter = 0
        local threads = 0
        function setup(thread) threads = threads + 1; thread:set("tid", threads) end
        function init(args) run = args[1] or "0" end
        """.formatted(SPREAD);
    try {
      return Files.writeString(dir.resolve(name + ".lua"), prologue + lua);
    } catch (IOException e) {
      throw new BenchException("cannot write a wrk script: " + e.getMessage());
    }
  }
}
