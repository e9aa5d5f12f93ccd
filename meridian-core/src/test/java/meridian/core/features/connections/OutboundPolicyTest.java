package meridian.core.features.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Address ranges and what the policy decides for an address (checked after resolution). */
class OutboundPolicyTest {
  @Test
  void rangesMatchByPrefixInTheirOwnFamily() {
    OutboundPolicy policy = OutboundPolicy.parse("10.0.0.0/8,fd00::/8,192.168.1.20", "10.9.0.0/16");
    assertThat(policy.check("10.1.2.3", false)).isEqualTo(new OutboundPolicy.Decision("10.1.2.3", null));
    assertThat(policy.check("192.168.1.20", false).refusal()).isNull();
    assertThat(policy.check("192.168.1.21", false).refusal()).contains("(allowed: 10.0.0.0/8, fd00::/8, 192.168.1.20)");
    assertThat(policy.check("10.9.8.7", false).refusal()).contains("(denied: 10.9.0.0/16)");
    assertThat(policy.check("fd12::1", false).host()).isEqualTo("[fd12:0:0:0:0:0:0:1]");
    assertThat(policy.check("[fd12::1]", true).host()).isEqualTo("[fd12::1]");
  }

  @Test
  void theDefaultDeniesTheMetadataAddressesOnly() {
    assertThat(OutboundPolicy.DEFAULT.check("169.254.169.254", false).refusal()).contains("denied: 169.254.0.0/16");
    assertThat(OutboundPolicy.DEFAULT.check("fd00:ec2::254", false).refusal()).contains("denied: fd00:ec2::254/128");
    assertThat(OutboundPolicy.DEFAULT.check("127.0.0.1", false).refusal()).isNull();
    assertThat(OutboundPolicy.DEFAULT.check("localhost", true)).isEqualTo(new OutboundPolicy.Decision("localhost", null));
  }

  @Test
  void aBadRangeIsRefusedNamingIt() {
    assertThatThrownBy(() -> OutboundPolicy.parse("10.0.0.0/33", null)).hasMessage("10.0.0.0/33: the prefix must be between 0 and 32");
    assertThatThrownBy(() -> OutboundPolicy.parse("example.com/8", null))
        .hasMessage("example.com/8 is not an address range such as 10.0.0.0/8 or fd00::/8");
  }
}
