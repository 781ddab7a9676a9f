package dev.asyncinspect.attach;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JdwpEndpointTest {

    @Test
    void parsesTheFormsJdwpReports() {
        assertThat(JdwpEndpoint.parse("dt_socket:40123")).hasValue(new JdwpEndpoint("127.0.0.1", 40123));
        assertThat(JdwpEndpoint.parse("dt_socket:10.0.0.5:40123")).hasValue(new JdwpEndpoint("10.0.0.5", 40123));
        assertThat(JdwpEndpoint.parse("127.0.0.1:40123")).hasValue(new JdwpEndpoint("127.0.0.1", 40123));
        assertThat(JdwpEndpoint.parse("40123")).hasValue(new JdwpEndpoint("127.0.0.1", 40123));
        assertThat(JdwpEndpoint.parse("[::1]:40123")).hasValue(new JdwpEndpoint("::1", 40123));
    }

    @Test
    void connectsToWildcardListenersThroughLoopback() {
        assertThat(JdwpEndpoint.parse("*:5005")).hasValue(new JdwpEndpoint("127.0.0.1", 5005));
        assertThat(JdwpEndpoint.parse("dt_socket:0.0.0.0:5005")).hasValue(new JdwpEndpoint("127.0.0.1", 5005));
    }

    @Test
    void rejectsWhatIsNoPort() {
        assertThat(JdwpEndpoint.parse("dt_socket:")).isEmpty();
        assertThat(JdwpEndpoint.parse("localhost:http")).isEmpty();
        assertThat(JdwpEndpoint.parse("1.2.3.4:70000")).isEmpty();
    }

    @Test
    void formatsAddress() {
        assertThat(new JdwpEndpoint("127.0.0.1", 5005).address()).isEqualTo("127.0.0.1:5005");
    }
}
