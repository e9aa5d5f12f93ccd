package meridian.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * OM's {@code type/bulkOperationResult.json}, with each item also carrying the HTTP status the
 * single PUT would have given (contract §5).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulkOperationResult(
    Boolean dryRun,
    String status,
    int numberOfRowsProcessed,
    int numberOfRowsPassed,
    int numberOfRowsFailed,
    List<Item> successRequest,
    List<Item> failedRequest) {

  public BulkOperationResult {
    successRequest = List.copyOf(successRequest);
    failedRequest = List.copyOf(failedRequest);
  }

  /** {@code request} is the item's name (null when the item had none). */
  public record Item(String request, String message, int status) {}

  public static BulkOperationResult of(List<Item> succeeded, List<Item> failed) {
    int total = succeeded.size() + failed.size();
    String status =
        failed.isEmpty() ? "success" : succeeded.isEmpty() ? "failure" : "partialSuccess";
    return new BulkOperationResult(
        false, status, total, succeeded.size(), failed.size(), succeeded, failed);
  }
}
