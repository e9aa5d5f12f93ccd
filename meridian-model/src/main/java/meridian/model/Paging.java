package meridian.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OM's {@code type/paging.json}: opaque cursors and the total that matches the filter (spec §2.5). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Paging(String before, String after, int total) {}
