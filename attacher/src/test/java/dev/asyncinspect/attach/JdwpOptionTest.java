package dev.asyncinspect.attach;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JdwpOptionTest {

    @Test
    void findsAgentlibAmongOtherArguments() {
        var option = JdwpOption.find("-Xmx1g -agentlib:jdwp=transport=dt_socket,server=y,address=0,onjcmd=y -Dx=y");

        assertThat(option).hasValueSatisfying(jdwp -> {
            assertThat(jdwp.server()).isTrue();
            assertThat(jdwp.dormant()).isTrue();
            assertThat(jdwp.options()).containsEntry("address", "0");
        });
    }

    @Test
    void understandsXrunjdwpAndClientMode() {
        var option = JdwpOption.find("-Xrunjdwp:transport=dt_socket,server=n,address=host:5005");

        assertThat(option).hasValueSatisfying(jdwp -> {
            assertThat(jdwp.server()).isFalse();
            assertThat(jdwp.dormant()).isFalse();
        });
    }

    @Test
    void listeningAgentIsNotDormant() {
        assertThat(JdwpOption.find("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n"))
                .hasValueSatisfying(jdwp -> assertThat(jdwp.dormant()).isFalse());
    }

    @Test
    void noAgentNoOption() {
        assertThat(JdwpOption.find("")).isEmpty();
        assertThat(JdwpOption.find("-Xmx1g -agentlib:other")).isEmpty();
    }
}
